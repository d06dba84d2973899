using System.Security.Cryptography;
using Microsoft.Azure.Functions.Worker.Http;
using Microsoft.Extensions.Options;
using OssUnzip.Function.Http;

namespace OssUnzip.Function.Security;

/// <summary>
/// Decides whether a request comes from EventBridge, per <c>Auth:Mode</c>. Token mode checks the header
/// before the body is read; Signature mode (and Token, when tokens are configured alongside it) reads the
/// body under <c>Http:MaxBodyBytes</c> through <see cref="BufferedRequestBody"/>, so the function parses
/// exactly the bytes that were verified.
/// </summary>
internal sealed class EventBridgeAuthenticator
{
    private readonly IOptions<AuthOptions> _options;
    private readonly IOptions<RequestLimitsOptions> _limits;
    private readonly Lazy<TokenSet> _tokens;
    private readonly SigningKeyCache _keys;
    private readonly TimeProvider _timeProvider;

    /// <remarks>Options are read on first use, never here: startup validation reports bad settings first.</remarks>
    public EventBridgeAuthenticator(IOptions<AuthOptions> options, IOptions<RequestLimitsOptions> limits, SigningKeyCache keys, TimeProvider timeProvider)
    {
        _options = options;
        _limits = limits;
        _tokens = new Lazy<TokenSet>(() => new TokenSet(options.Value.TokenList));
        _keys = keys;
        _timeProvider = timeProvider;
    }

    public int MaxBodyBytes => _limits.Value.MaxBodyBytes;

    public async Task<AuthResult> AuthenticateAsync(HttpRequestData request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var options = _options.Value;
        if (options.Mode != AuthMode.None && !_tokens.Value.IsEmpty)
        {
            var token = Header(request, EventBridgeHeaders.Token);
            if (token is null)
            {
                return AuthResult.Refused(AuthFailure.TokenMissing);
            }

            if (!_tokens.Value.Contains(token))
            {
                return AuthResult.Refused(AuthFailure.TokenWrong);
            }
        }

        var body = await BufferedRequestBody.ReadAsync(request, MaxBodyBytes, cancellationToken).ConfigureAwait(false);
        if (body is null)
        {
            return AuthResult.TooLarge;
        }

        return options.Mode == AuthMode.Signature
            ? await VerifySignatureAsync(request, options, body, cancellationToken).ConfigureAwait(false)
            : AuthResult.Allowed;
    }

    private async Task<AuthResult> VerifySignatureAsync(HttpRequestData request, AuthOptions options, byte[] body, CancellationToken cancellationToken)
    {
        var encoded = Header(request, EventBridgeHeaders.SignatureV2);
        if (string.IsNullOrEmpty(encoded))
        {
            return AuthResult.Refused(AuthFailure.SignatureMissing);
        }

        var signature = new byte[encoded.Length];
        if (!Convert.TryFromBase64String(encoded, signature, out var signatureLength))
        {
            return AuthResult.Refused(AuthFailure.SignatureMalformed);
        }

        if (!EventBridgeSignature.IsSupportedHashMethod(Header(request, EventBridgeHeaders.HashMethod)))
        {
            return AuthResult.Refused(AuthFailure.HashMethodUnsupported);
        }

        if (!EventBridgeSignature.TryParseTimestamp(Header(request, EventBridgeHeaders.Timestamp), out var timestamp))
        {
            return AuthResult.Refused(AuthFailure.TimestampInvalid);
        }

        if ((_timeProvider.GetUtcNow() - timestamp).Duration() > TimeSpan.FromSeconds(options.MaxTimestampSkewSeconds))
        {
            return AuthResult.Refused(AuthFailure.TimestampOutsideSkew);
        }

        if (!IsAllowedCertificateUrl(Header(request, EventBridgeHeaders.CertificateUrl), options.CertificateHostPattern, out var certificateUrl))
        {
            return AuthResult.Refused(AuthFailure.CertificateUrlNotAllowed);
        }

        var publicKey = await _keys.GetPublicKeyAsync(certificateUrl, cancellationToken).ConfigureAwait(false);
        if (publicKey is null)
        {
            return AuthResult.Refused(AuthFailure.CertificateUnavailable);
        }

        var stringToSign = EventBridgeSignature.StringToSign(options.SignedUrl!, name => Header(request, name), body);
        using var rsa = RSA.Create();
        rsa.ImportSubjectPublicKeyInfo(publicKey, out _);
        return EventBridgeSignature.Verify(rsa, stringToSign, signature[..signatureLength])
            ? AuthResult.Allowed
            : AuthResult.Refused(AuthFailure.SignatureMismatch);
    }

    /// <summary>Only https on the default port, no user info, and a host matching the allowed pattern (docs/facts.md §3).</summary>
    private static bool IsAllowedCertificateUrl(string? value, string hostPattern, out Uri url)
    {
        if (!Uri.TryCreate(value, UriKind.Absolute, out url!))
        {
            return false;
        }

        return url.Scheme == Uri.UriSchemeHttps
            && url.IsDefaultPort
            && string.IsNullOrEmpty(url.UserInfo)
            && CertificateHostPattern.Matches(hostPattern, url.IdnHost);
    }

    private static string? Header(HttpRequestData request, string name) =>
        request.Headers.TryGetValues(name, out var values) ? values.FirstOrDefault() : null;
}
