using System.Globalization;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Yarp.ReverseProxy.Forwarder;

namespace OssUnzip.Benchmarks.Store;

/// <summary>
/// A loopback HTTP proxy in front of s3rver that holds every request for a fixed delay (the same
/// <see cref="LatencyHandler"/> that sits under the in-process S3 client of the other scenarios), for
/// clients the benchmark cannot reach into: the shard processes the product starts (shards scenario,
/// decision 0034). Forwarding is YARP's <see cref="IHttpForwarder"/>; the original Host header is kept,
/// because SigV4 signs it. Runs in the benchmark's parent process, so no measured process carries it.
/// </summary>
internal sealed class LatencyProxy : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly HttpMessageInvoker _upstream;
    private readonly LatencyHandler _latency;

    private LatencyProxy(WebApplication app, HttpMessageInvoker upstream, LatencyHandler latency, string url)
    {
        _app = app;
        _upstream = upstream;
        _latency = latency;
        Url = url;
    }

    /// <summary>The proxy's endpoint, e.g. http://127.0.0.1:40123 (no trailing slash).</summary>
    public string Url { get; }

    /// <summary>Requests forwarded so far.</summary>
    public long Requests => _latency.Requests;

    public static async Task<LatencyProxy> StartAsync(string storeUrl, TimeSpan delay, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(storeUrl);
        var latency = new LatencyHandler(delay, new SocketsHttpHandler
        {
            UseProxy = false,
            AllowAutoRedirect = false,
            UseCookies = false,
            AutomaticDecompression = DecompressionMethods.None,
            ActivityHeadersPropagator = null,
        });
        var upstream = new HttpMessageInvoker(latency);
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory });
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.Listen(IPAddress.Loopback, 0);
            // Bodies of multipart parts (PartSizeBytes) and whole small objects pass through; no limit of ours.
            kestrel.Limits.MaxRequestBodySize = null;
        });
        builder.Services.AddHttpForwarder();
        var app = builder.Build();
        var destination = storeUrl.TrimEnd('/') + "/";
        var transformer = new KeepHostTransformer();
        app.Map("/{**path}", async (HttpContext context, IHttpForwarder forwarder) =>
        {
            var error = await forwarder.SendAsync(context, destination, upstream, ForwarderRequestConfig.Empty, transformer);
            if (error != ForwarderError.None && !context.Response.HasStarted)
            {
                context.Response.StatusCode = StatusCodes.Status502BadGateway;
            }
        });
        await app.StartAsync(cancellationToken);
        var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()
            ?? throw new InvalidOperationException("Kestrel reported no addresses.");
        var address = addresses.Addresses.Single();
        var port = new Uri(address).Port.ToString(CultureInfo.InvariantCulture);
        return new LatencyProxy(app, upstream, latency, "http://127.0.0.1:" + port);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        _upstream.Dispose();
    }

    /// <summary>Copies the request as it came, Host included (the signature covers it), and adds nothing.</summary>
    private sealed class KeepHostTransformer : HttpTransformer
    {
        public override async ValueTask TransformRequestAsync(HttpContext httpContext, HttpRequestMessage proxyRequest, string destinationPrefix, CancellationToken cancellationToken)
        {
            await base.TransformRequestAsync(httpContext, proxyRequest, destinationPrefix, cancellationToken);
            proxyRequest.Headers.Host = httpContext.Request.Host.Value;
        }
    }
}
