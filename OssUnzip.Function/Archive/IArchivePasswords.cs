namespace OssUnzip.Function.Archive;

/// <summary>
/// The one way the engine reaches Archive:Passwords (ZIP ZipCrypto and WinZip AES here, 7z AES in its
/// reader): the configured passwords, in order, to be tried (per encrypted ZIP entry, decision 0041; per 7z). The values are secrets: never
/// put one in a log line, report, manifest, event or exception message.
/// </summary>
internal interface IArchivePasswords
{
    /// <summary>The configured passwords in order; empty when none is configured.</summary>
    IReadOnlyList<string> Candidates { get; }
}
