using System.Globalization;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace OssUnzip.Local.Host;

/// <summary>
/// The stand-in Functions host's Kestrel: an h2c endpoint on a free loopback port for the worker's
/// gRPC stream, and an HTTP/1.1 endpoint on the requested port for function routes.
/// </summary>
internal sealed class FunctionsHostServer : IAsyncDisposable
{
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(3);

    private readonly WebApplication _app;
    private readonly ListenOptions _grpc;
    private readonly ListenOptions _http;

    private FunctionsHostServer(WebApplication app, ListenOptions grpc, ListenOptions http)
    {
        _app = app;
        _grpc = grpc;
        _http = http;
    }

    public WorkerConnection Connection => _app.Services.GetRequiredService<WorkerConnection>();

    public int HttpPort => _http.IPEndPoint!.Port;

    public Uri GrpcEndpoint => new($"http://127.0.0.1:{_grpc.IPEndPoint!.Port.ToString(CultureInfo.InvariantCulture)}/");

    public static async Task<FunctionsHostServer> StartAsync(WorkerApp app, int httpPort, ILoggerFactory loggerFactory, CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory });
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton(loggerFactory);
        builder.Services.AddSingleton<Microsoft.Extensions.Hosting.IHostLifetime, StackOwnedLifetime>();
        builder.Services.AddSingleton(app);
        builder.Services.AddSingleton<WorkerConnection>();
        builder.Services.AddSingleton<HttpFunctionEndpoint>();
        builder.Services.AddGrpc(o =>
        {
            o.MaxReceiveMessageSize = null;
            o.MaxSendMessageSize = null;
        });

        ListenOptions? grpc = null;
        ListenOptions? http = null;
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.Listen(IPAddress.Loopback, 0, o =>
            {
                o.Protocols = HttpProtocols.Http2;
                grpc = o;
            });
            kestrel.Listen(IPAddress.Loopback, httpPort, o =>
            {
                o.Protocols = HttpProtocols.Http1;
                http = o;
            });
        });

        var web = builder.Build();
        web.MapGrpcService<FunctionRpcService>();
        var endpoint = web.Services.GetRequiredService<HttpFunctionEndpoint>();
        web.MapFallback(context => context.Connection.LocalPort == http!.IPEndPoint!.Port
            ? endpoint.HandleAsync(context)
            : NotFound(context));

        try
        {
            await web.StartAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await web.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        return new FunctionsHostServer(web, grpc!, http!);
    }

    public async ValueTask DisposeAsync()
    {
        using (var timeout = new CancellationTokenSource(StopTimeout))
        {
            await _app.StopAsync(timeout.Token).ConfigureAwait(false);
        }

        await _app.DisposeAsync().ConfigureAwait(false);
    }

    private static Task NotFound(HttpContext context)
    {
        context.Response.StatusCode = StatusCodes.Status404NotFound;
        return Task.CompletedTask;
    }
}
