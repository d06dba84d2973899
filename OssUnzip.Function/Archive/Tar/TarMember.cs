namespace OssUnzip.Function.Archive.Tar;

/// <summary>
/// One member of a tar as its headers describe it, long-name and pax records already applied. The name
/// is either text a pax record declared as UTF-8 (<see cref="Path"/>) or the raw bytes of a ustar, GNU or
/// v7 name (<see cref="RawName"/>), which declare no encoding and go through the same detection as ZIP
/// names. <see cref="Size"/> is the bytes the member's data takes in the archive; <see cref="RealSize"/>
/// the bytes it expands to (larger only for sparse members, whose <see cref="Sparse"/> map says where the
/// stored bytes go).
/// </summary>
internal sealed record TarMember(
    string? Path,
    ReadOnlyMemory<byte> RawName,
    TarMemberKind Kind,
    char TypeFlag,
    long Size,
    long RealSize,
    IReadOnlyList<SparseSegment>? Sparse)
{
    /// <summary>The header's mtime (Unix seconds), pax <c>mtime</c> when given; null when unreadable.</summary>
    public long? ModifiedUnixSeconds { get; init; }
}
