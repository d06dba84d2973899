using System.Security.Cryptography;
using System.Text;

namespace OssUnzip.Function.Security;

/// <summary>
/// The accepted tokens, compared in constant time: each candidate and each token are reduced to their
/// SHA-256 digest of the UTF-8 bytes (so lengths leak nothing) and compared with
/// <see cref="CryptographicOperations.FixedTimeEquals"/> against every token, without stopping early.
/// </summary>
internal sealed class TokenSet
{
    private readonly byte[][] _digests;

    public TokenSet(IEnumerable<string> tokens)
    {
        ArgumentNullException.ThrowIfNull(tokens);
        _digests = [.. tokens.Select(Digest)];
    }

    public bool IsEmpty => _digests.Length == 0;

    public bool Contains(string candidate)
    {
        ArgumentNullException.ThrowIfNull(candidate);
        var digest = Digest(candidate);
        var match = false;
        foreach (var token in _digests)
        {
            match |= CryptographicOperations.FixedTimeEquals(digest, token);
        }

        return match;
    }

    private static byte[] Digest(string value) => SHA256.HashData(Encoding.UTF8.GetBytes(value));
}
