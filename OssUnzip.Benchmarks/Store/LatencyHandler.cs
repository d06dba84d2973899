namespace OssUnzip.Benchmarks.Store;

/// <summary>
/// Sits under the S3 client: counts every HTTP request the client sends (retries included) and, when
/// asked, holds each one for a fixed delay before it goes out, to model a store a region away.
/// </summary>
internal sealed class LatencyHandler(TimeSpan delay, HttpMessageHandler inner) : DelegatingHandler(inner)
{
    private long _requests;

    public long Requests => Interlocked.Read(ref _requests);

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _requests);
        if (delay > TimeSpan.Zero)
        {
            await Task.Delay(delay, cancellationToken);
        }

        return await base.SendAsync(request, cancellationToken);
    }
}
