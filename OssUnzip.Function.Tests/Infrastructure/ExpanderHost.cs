using Amazon.Runtime;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OssUnzip.Function.Archive;
using OssUnzip.Function.Events;
using OssUnzip.Function.Expansion;
using OssUnzip.Function.Hosting;

namespace OssUnzip.Function.Tests.Infrastructure;

/// <summary>
/// The app's real service composition (AddOssUnzip) in a real generic host (hosted services, lifetime,
/// shutdown) pointed at a test s3rver, with settings overridable per test. Optionally puts an HTTP
/// handler factory under the S3 client. Started on construction; stopped on dispose.
/// </summary>
internal sealed class ExpanderHost : IAsyncDisposable
{
    private readonly IHost _host;
    private bool _stopped;

    /// <param name="configureServices">Runs after the app's composition, e.g. to collect logs or metrics.</param>
    public ExpanderHost(S3rverProcess server, string bucket, IDictionary<string, string?>? settings = null, HttpClientFactory? httpClientFactory = null, Action<IServiceCollection>? configureServices = null)
    {
        var values = new Dictionary<string, string?>
        {
            ["Storage:ServiceUrl"] = server.ServiceUrl,
            ["Storage:Region"] = "us-east-1",
            ["Storage:ForcePathStyle"] = "true",
            ["Storage:AccessKeyId"] = S3rverProcess.AccessKey,
            ["Storage:SecretAccessKey"] = S3rverProcess.SecretKey,
            ["Storage:MaxErrorRetry"] = "2",
            ["Unzip:AllowedBuckets"] = bucket,
            ["Auth:Mode"] = "None",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            values[key] = value;
        }

        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(values);
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        if (httpClientFactory is not null)
        {
            builder.Services.AddSingleton(httpClientFactory);
        }

        builder.Services.AddOssUnzip(builder.Configuration);
        configureServices?.Invoke(builder.Services);
        _host = builder.Build();
        _host.Start();
    }

    public IServiceProvider Services => _host.Services;

    public IArchiveExpander Expander => _host.Services.GetRequiredService<IArchiveExpander>();

    /// <summary>Stops the host the way SIGTERM does (draining, grace period).</summary>
    public async Task StopAsync()
    {
        if (!_stopped)
        {
            _stopped = true;
            await _host.StopAsync();
        }
    }

    public static ObjectCreatedEvent PutEvent(string bucket, string key) =>
        new("test-" + Guid.NewGuid().ToString("N"), "ObjectCreated:PutObject", bucket, key, null, null);

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _host.Dispose();
    }
}
