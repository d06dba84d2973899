namespace OssUnzip.Function.Archive;

/// <summary>
/// The archive is corrupt, unsupported, hostile or over a limit, or the store permanently refused an
/// object it expands to (<see cref="ArchiveRejectionCodes.StoreRefused"/>): a permanent answer for this version.
/// <see cref="Code"/> is one of <see cref="ArchiveRejectionCodes"/>; <see cref="Entries"/> names the
/// entries the rejection is about, when it is about entries.
/// </summary>
public sealed record ArchiveRejected(string Code, string Reason, IReadOnlyList<string> Entries) : ArchiveExpansionResult;
