using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace OssUnzip.Function.Security;

/// <summary>
/// The one place that says what EventBridge signature v2 covers and how its timestamp is read. The
/// documentation states the parts [V]: target URL, newline, the signature headers as <c>name: value</c>
/// lines, newline, body; RSA over SHA-256; requests older than 60 s are refused. Everything below
/// marked [U] is our reading of what it leaves open; if a real delivery fails to verify, this file is
/// the only thing to change (the tests build their signatures through it too).
/// </summary>
public static class EventBridgeSignature
{
    /// <summary>
    /// The signature headers, in the order they are written into the string to sign. [U] which
    /// headers count as "the signature headers" and their order: we take the ones the documentation lists
    /// after the signature itself, in its order, and skip a header the request does not carry (the token
    /// is absent when the target has none). [U] whether <c>x-eventbridge-hash-method</c> is included: not.
    /// </summary>
    public static IReadOnlyList<string> SignedHeaders { get; } =
    [
        EventBridgeHeaders.Timestamp,
        EventBridgeHeaders.Version,
        EventBridgeHeaders.CertificateUrl,
        EventBridgeHeaders.Token,
    ];

    /// <summary>
    /// Builds the bytes that were signed:
    /// <code>
    /// {signed URL}\n
    /// {header name}: {header value}\n      one line per present signed header, lower-case name
    /// \n
    /// {body bytes, exactly as received}
    /// </code>
    /// [U] each header line ends with \n and one more \n separates them from the body (so the URL line,
    /// the header lines and an empty line precede the body, like an HTTP message); names are lower case;
    /// values are taken as sent, untrimmed; the URL is the configured <c>Auth:SignedUrl</c> verbatim,
    /// including any query string.
    /// </summary>
    public static byte[] StringToSign(string signedUrl, Func<string, string?> header, ReadOnlySpan<byte> body)
    {
        ArgumentNullException.ThrowIfNull(signedUrl);
        ArgumentNullException.ThrowIfNull(header);
        var text = new StringBuilder(signedUrl).Append('\n');
        foreach (var name in SignedHeaders)
        {
            if (header(name) is { } value)
            {
                text.Append(name).Append(": ").Append(value).Append('\n');
            }
        }

        text.Append('\n');
        var prefix = Encoding.UTF8.GetBytes(text.ToString());
        var bytes = new byte[prefix.Length + body.Length];
        prefix.CopyTo(bytes, 0);
        body.CopyTo(bytes.AsSpan(prefix.Length));
        return bytes;
    }

    /// <summary>
    /// Reads <c>x-eventbridge-signature-timestamp</c>. [U] the unit: Unix seconds or milliseconds, told
    /// apart by magnitude (a seconds value passes 10^11 only in the year 5138).
    /// </summary>
    public static bool TryParseTimestamp(string? value, out DateTimeOffset timestamp)
    {
        timestamp = default;
        if (!long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var number))
        {
            return false;
        }

        try
        {
            timestamp = number >= 100_000_000_000L
                ? DateTimeOffset.FromUnixTimeMilliseconds(number)
                : DateTimeOffset.FromUnixTimeSeconds(number);
            return true;
        }
        catch (ArgumentOutOfRangeException)
        {
            return false;
        }
    }

    /// <summary>[V] RSA over a SHA-256 hash of the string to sign. [U] the padding: PKCS#1 v1.5 ("SHA256withRSA").</summary>
    public static RSASignaturePadding Padding => RSASignaturePadding.Pkcs1;

    public static bool Verify(RSA publicKey, byte[] stringToSign, byte[] signature)
    {
        ArgumentNullException.ThrowIfNull(publicKey);
        return publicKey.VerifyData(stringToSign, signature, HashAlgorithmName.SHA256, Padding);
    }

    /// <summary>[V] the hash is SHA-256 and the header names it. [U] its exact spelling: any case, with or without a hyphen.</summary>
    public static bool IsSupportedHashMethod(string? value) =>
        value is not null && value.Replace("-", string.Empty, StringComparison.Ordinal).Equals("SHA256", StringComparison.OrdinalIgnoreCase);
}
