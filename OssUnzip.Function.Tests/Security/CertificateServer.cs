using System.Net;
using System.Text;

namespace OssUnzip.Function.Tests.Security;

/// <summary>Serves certificate documents by URL in place of the network, and records what was asked for.</summary>
internal sealed class CertificateServer : HttpMessageHandler
{
    private readonly Dictionary<string, string> _documents = new(StringComparer.Ordinal);

    public List<Uri> Requests { get; } = [];

    public void Serve(string url, string document) => _documents[url] = document;

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        Requests.Add(request.RequestUri!);
        var response = _documents.TryGetValue(request.RequestUri!.AbsoluteUri, out var document)
            ? new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent(document, Encoding.ASCII, "application/x-pem-file") }
            : new HttpResponseMessage(HttpStatusCode.NotFound);
        return Task.FromResult(response);
    }
}
