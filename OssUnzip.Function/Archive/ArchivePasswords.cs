using System.Globalization;
using Microsoft.Extensions.Options;

namespace OssUnzip.Function.Archive;

/// <summary>
/// <see cref="IArchivePasswords"/> from <see cref="ArchiveOptions.Passwords"/>: split at commas, empty
/// items dropped, nothing trimmed (a password may begin or end with a space).
/// </summary>
internal sealed class ArchivePasswords(IOptions<ArchiveOptions> options) : IArchivePasswords
{
    private readonly string[] _candidates = Parse(options.Value.Passwords);

    public IReadOnlyList<string> Candidates => _candidates;

    internal static string[] Parse(string? passwords) =>
        (passwords ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries);

    /// <summary>Never the passwords themselves, should this object ever reach a log line.</summary>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{_candidates.Length} archive password(s)");
}
