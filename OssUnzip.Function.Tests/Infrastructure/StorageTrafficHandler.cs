using System.Collections.Concurrent;
using System.Net;
using System.Text;
using Amazon.Runtime;

namespace OssUnzip.Function.Tests.Infrastructure;

/// <summary>
/// Sits under the real S3 client (through the SDK's HttpClientFactory) to count requests and inject
/// faults: added latency, 503 SlowDown answers, and response bodies that drop mid-way.
/// Rules are plain delegates so each test states exactly which requests it hurts.
/// </summary>
internal sealed class StorageTrafficHandler : DelegatingHandler
{
    private readonly ConcurrentQueue<string> _requests = new();
    private readonly ConcurrentQueue<string> _ranges = new();

    public StorageTrafficHandler()
        : base(new SocketsHttpHandler())
    {
    }

    /// <summary>Added to every request before it is sent.</summary>
    public TimeSpan Latency { get; set; }

    /// <summary>When it returns true for a request, the store is not asked; the answer is 503 SlowDown.</summary>
    public Func<HttpRequestMessage, bool>? SlowDown { get; set; }

    /// <summary>When it returns a byte count for a request, the response body fails after that many bytes.</summary>
    public Func<HttpRequestMessage, long?>? DropBodyAfter { get; set; }

    /// <summary>"METHOD path" of every request sent, in order.</summary>
    public IReadOnlyCollection<string> Requests => _requests;

    /// <summary>"path bytes=first-last" of every request that carried a Range header, in order.</summary>
    public IReadOnlyCollection<string> Ranges => _ranges;

    public int Count(string method, string pathPart) =>
        _requests.Count(r => r.StartsWith(method + " ", StringComparison.Ordinal) && r.Contains(pathPart, StringComparison.Ordinal));

    public HttpClientFactory Factory => new Factory_(this);

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var path = Uri.UnescapeDataString(request.RequestUri!.AbsolutePath);
        _requests.Enqueue($"{request.Method} {path}");
        if (request.Headers.Range is { } range)
        {
            _ranges.Enqueue($"{path} {range}");
        }

        if (Latency > TimeSpan.Zero)
        {
            await Task.Delay(Latency, cancellationToken);
        }

        if (SlowDown?.Invoke(request) == true)
        {
            return new HttpResponseMessage(HttpStatusCode.ServiceUnavailable)
            {
                Content = new StringContent(
                    "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>SlowDown</Code><Message>Reduce your request rate.</Message></Error>",
                    Encoding.UTF8,
                    "application/xml"),
                RequestMessage = request,
            };
        }

        var response = await base.SendAsync(request, cancellationToken);
        if (DropBodyAfter?.Invoke(request) is { } limit && response.IsSuccessStatusCode)
        {
            var body = await response.Content.ReadAsStreamAsync(cancellationToken);
            var dropping = new StreamContent(new DroppingStream(body, limit));
            foreach (var header in response.Content.Headers)
            {
                dropping.Headers.TryAddWithoutValidation(header.Key, header.Value);
            }

            response.Content = dropping;
        }

        return response;
    }

    private sealed class Factory_(StorageTrafficHandler handler) : HttpClientFactory
    {
        public override HttpClient CreateHttpClient(IClientConfig clientConfig) => new(handler, disposeHandler: false);

        public override bool UseSDKHttpClientCaching(IClientConfig clientConfig) => false;

        public override bool DisposeHttpClientsAfterUse(IClientConfig clientConfig) => false;
    }

    /// <summary>Passes bytes through, then fails the read the way a reset connection does.</summary>
    private sealed class DroppingStream(Stream inner, long limit) : Stream
    {
        private long _passed;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position
        {
            get => throw new NotSupportedException();
            set => throw new NotSupportedException();
        }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            if (_passed >= limit)
            {
                throw new IOException("Connection reset by peer (injected).");
            }

            var read = await inner.ReadAsync(buffer[..(int)Math.Min(buffer.Length, limit - _passed)], cancellationToken);
            _passed += read;
            return read;
        }

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                inner.Dispose();
            }

            base.Dispose(disposing);
        }
    }
}
