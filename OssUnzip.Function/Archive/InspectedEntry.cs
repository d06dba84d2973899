namespace OssUnzip.Function.Archive;

/// <summary>
/// One central-directory entry as an inspection reports it, and what an expansion under the same rule
/// would do with it (for a 7z, a header entry: its files are compressed by solid block, so <see cref="Method"/> and <see cref="CompressedSize"/> are null): <see cref="Action"/> is <c>write</c> (to <see cref="TargetKey"/>), <c>rename</c>
/// (written to <see cref="TargetKey"/> under another name, <see cref="Code"/> says why), <c>skip</c>
/// (<see cref="Code"/> says why) or <c>directory</c> (folders are not objects).
/// </summary>
public sealed record InspectedEntry(
    int Index,
    string Name,
    string Encoding,
    int? Method,
    bool Encrypted,
    long? CompressedSize,
    long Size,
    string Crc32,
    string Action,
    string? TargetKey,
    string? Code);
