using System.Collections.Concurrent;
using System.Net.Http;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OssUnzip.Function.Diagnostics;

namespace OssUnzip.Function.Security;

/// <summary>
/// Fetches EventBridge signing certificates and keeps their public keys for <c>Auth:CertificateCacheMinutes</c>.
/// Callers must have checked the URL against the allowed host first; this class fetches what it is given.
/// Holds at most <see cref="MaxEntries"/> keys and at most <see cref="MaxCertificateBytes"/> per download, so
/// forged URLs on the allowed host cannot grow memory. [U] the document format: a PEM or DER X.509
/// certificate, or a PEM public key, are all accepted.
/// </summary>
internal sealed class SigningKeyCache(IHttpClientFactory httpClientFactory, IOptions<AuthOptions> options, TimeProvider timeProvider, ILogger<SigningKeyCache> logger)
{
    public const string HttpClientName = "EventBridgeCertificates";
    public const int MaxEntries = 64;
    public const int MaxCertificateBytes = 64 * 1024;

    private readonly ConcurrentDictionary<string, CachedKey> _keys = new(StringComparer.Ordinal);

    /// <returns>The SubjectPublicKeyInfo of the RSA key, or null when it cannot be had or is not valid now.</returns>
    public async Task<byte[]?> GetPublicKeyAsync(Uri url, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(url);
        var now = timeProvider.GetUtcNow();
        var cacheKey = url.AbsoluteUri;
        if (!_keys.TryGetValue(cacheKey, out var key) || key.ExpiresAt <= now)
        {
            key = await FetchAsync(url, now, cancellationToken).ConfigureAwait(false);
            if (key is null)
            {
                return null;
            }

            Remember(cacheKey, key, now);
        }

        return key.NotBefore <= now && now <= key.NotAfter ? key.SubjectPublicKeyInfo : null;
    }

    private void Remember(string cacheKey, CachedKey key, DateTimeOffset now)
    {
        if (_keys.Count >= MaxEntries)
        {
            foreach (var (url, existing) in _keys)
            {
                if (existing.ExpiresAt <= now)
                {
                    _keys.TryRemove(url, out _);
                }
            }
        }

        if (_keys.Count < MaxEntries)
        {
            _keys[cacheKey] = key;
        }
    }

    private async Task<CachedKey?> FetchAsync(Uri url, DateTimeOffset now, CancellationToken cancellationToken)
    {
        try
        {
            var client = httpClientFactory.CreateClient(HttpClientName);
            using var response = await client.GetAsync(url, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                Log.SigningCertificateUnavailable(logger, url.Host, url.AbsolutePath, $"HTTP {(int)response.StatusCode}");
                return null;
            }

            var content = await ReadCappedAsync(response.Content, cancellationToken).ConfigureAwait(false);
            if (content is null)
            {
                Log.SigningCertificateUnavailable(logger, url.Host, url.AbsolutePath, $"larger than {MaxCertificateBytes} bytes");
                return null;
            }

            var key = Parse(content);
            return key with { ExpiresAt = now.AddMinutes(options.Value.CertificateCacheMinutes) };
        }
        catch (Exception e) when (e is HttpRequestException or CryptographicException or FormatException || (e is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            Log.SigningCertificateUnavailable(logger, url.Host, url.AbsolutePath, e.GetType().Name);
            return null;
        }
    }

    private static async Task<byte[]?> ReadCappedAsync(HttpContent content, CancellationToken cancellationToken)
    {
        if (content.Headers.ContentLength > MaxCertificateBytes)
        {
            return null;
        }

        var stream = await content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
        {
            var buffer = new byte[MaxCertificateBytes + 1];
            var total = 0;
            int read;
            while (total < buffer.Length && (read = await stream.ReadAsync(buffer.AsMemory(total), cancellationToken).ConfigureAwait(false)) > 0)
            {
                total += read;
            }

            return total > MaxCertificateBytes ? null : buffer[..total];
        }
    }

    internal static CachedKey Parse(byte[] content)
    {
        var text = Encoding.ASCII.GetString(content);
        if (!PemEncoding.TryFind(text, out var fields))
        {
            return FromCertificate(X509CertificateLoader.LoadCertificate(content));
        }

        var label = text[fields.Label];
        var der = Convert.FromBase64String(text[fields.Base64Data]);
        switch (label)
        {
            case "CERTIFICATE":
                return FromCertificate(X509CertificateLoader.LoadCertificate(der));
            case "PUBLIC KEY":
            case "RSA PUBLIC KEY":
                using (var rsa = RSA.Create())
                {
                    if (label == "PUBLIC KEY")
                    {
                        rsa.ImportSubjectPublicKeyInfo(der, out _);
                    }
                    else
                    {
                        rsa.ImportRSAPublicKey(der, out _);
                    }

                    return new CachedKey(rsa.ExportSubjectPublicKeyInfo(), DateTimeOffset.MinValue, DateTimeOffset.MaxValue, DateTimeOffset.MinValue);
                }

            default:
                throw new CryptographicException($"Unexpected PEM label '{label}' in the signing certificate.");
        }
    }

    private static CachedKey FromCertificate(X509Certificate2 certificate)
    {
        using (certificate)
        {
            using var rsa = certificate.GetRSAPublicKey() ?? throw new CryptographicException("The signing certificate does not hold an RSA key.");
            return new CachedKey(rsa.ExportSubjectPublicKeyInfo(), new DateTimeOffset(certificate.NotBefore.ToUniversalTime()), new DateTimeOffset(certificate.NotAfter.ToUniversalTime()), DateTimeOffset.MinValue);
        }
    }

    internal sealed record CachedKey(byte[] SubjectPublicKeyInfo, DateTimeOffset NotBefore, DateTimeOffset NotAfter, DateTimeOffset ExpiresAt);
}
