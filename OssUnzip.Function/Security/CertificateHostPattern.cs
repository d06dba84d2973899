using System.Text.RegularExpressions;

namespace OssUnzip.Function.Security;

/// <summary>
/// Matches a host against a pattern such as <c>{regionId}-eventbridge.oss-accelerate.aliyuncs.com</c>,
/// where <c>{regionId}</c> is exactly one DNS label (letters, digits, hyphens; no dots), so
/// <c>evil.com/x-eventbridge...</c> or <c>a.b-eventbridge...</c> never match. Case-insensitive.
/// </summary>
internal static class CertificateHostPattern
{
    public const string RegionPlaceholder = "{regionId}";

    private static readonly TimeSpan MatchTimeout = TimeSpan.FromMilliseconds(100);

    public static bool IsValid(string? pattern)
    {
        if (string.IsNullOrWhiteSpace(pattern))
        {
            return false;
        }

        var literal = pattern.Replace(RegionPlaceholder, "region", StringComparison.Ordinal);
        var placeholders = (pattern.Length - literal.Length) / (RegionPlaceholder.Length - "region".Length);
        return placeholders <= 1 && Uri.CheckHostName(literal) == UriHostNameType.Dns;
    }

    public static bool Matches(string pattern, string host)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        ArgumentNullException.ThrowIfNull(host);
        var expression = "^" + Regex.Escape(pattern).Replace(Regex.Escape(RegionPlaceholder), "[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?", StringComparison.Ordinal) + "$";
        return Regex.IsMatch(host, expression, RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, MatchTimeout);
    }
}
