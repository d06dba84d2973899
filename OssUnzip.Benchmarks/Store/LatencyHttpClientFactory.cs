using Amazon.Runtime;

namespace OssUnzip.Benchmarks.Store;

/// <summary>
/// Gives the S3 client one HttpClient whose pipeline is a <see cref="LatencyHandler"/> over a
/// SocketsHttpHandler limited to the client's MaxConnectionsPerServer (Storage:MaxConnections), so
/// every scenario talks to the store through the same kind of pipeline, delayed or not.
/// </summary>
internal sealed class LatencyHttpClientFactory(TimeSpan delay) : HttpClientFactory, IDisposable
{
    private readonly Lock _lock = new();
    private HttpClient? _client;
    private LatencyHandler? _handler;

    public long Requests => _handler?.Requests ?? 0;

    public override HttpClient CreateHttpClient(IClientConfig clientConfig)
    {
        ArgumentNullException.ThrowIfNull(clientConfig);
        lock (_lock)
        {
            if (_client is null)
            {
                var sockets = new SocketsHttpHandler
                {
                    MaxConnectionsPerServer = clientConfig.MaxConnectionsPerServer ?? int.MaxValue,
                    AllowAutoRedirect = false,
                    UseCookies = false,
                    AutomaticDecompression = System.Net.DecompressionMethods.None,
                };
                _handler = new LatencyHandler(delay, sockets);
                _client = new HttpClient(_handler) { Timeout = clientConfig.Timeout ?? TimeSpan.FromSeconds(100) };
            }

            return _client;
        }
    }

    public override bool UseSDKHttpClientCaching(IClientConfig clientConfig) => false;

    public override bool DisposeHttpClientsAfterUse(IClientConfig clientConfig) => false;

    public void Dispose() => _client?.Dispose();
}
