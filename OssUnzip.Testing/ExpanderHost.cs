using Amazon.Runtime;
using Amazon.S3;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OssUnzip.Function.Events;
using OssUnzip.Function.Expansion;
using OssUnzip.Function.Hosting;
using OssUnzip.Function.Storage;
using OssUnzip.S3rver;

namespace OssUnzip.Testing;

/// <summary>
/// The app's real service composition (AddOssUnzip) in a real generic host (hosted services, lifetime,
/// shutdown) pointed at an s3rver: the one way the integration tests and the benchmark compose the app.
/// The expander is called in-process, so there is no HTTP edge to authenticate (Auth:Mode None unless
/// a setting says otherwise). Settings override the defaults key by key; an HTTP client factory, when
/// given, goes under the S3 client. Started on construction; stopped on dispose.
/// </summary>
public sealed class ExpanderHost : IAsyncDisposable
{
    private readonly IHost _host;
    private bool _stopped;

    /// <param name="serviceUrl">The s3rver's endpoint, e.g. <see cref="S3rverProcess.ServiceUrl"/>.</param>
    /// <param name="allowedBuckets">Unzip:AllowedBuckets (comma-separated).</param>
    /// <param name="settings">Overrides, in configuration key form ("Archive:UploadConcurrency").</param>
    /// <param name="httpClientFactory">Goes under the S3 client (fault injection, latency, request counts).</param>
    /// <param name="configureServices">Runs after the app's composition, e.g. to collect logs or metrics.</param>
    public ExpanderHost(
        string serviceUrl,
        string allowedBuckets,
        IEnumerable<KeyValuePair<string, string?>>? settings = null,
        HttpClientFactory? httpClientFactory = null,
        Action<IServiceCollection>? configureServices = null)
    {
        var values = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase)
        {
            ["Storage:ServiceUrl"] = serviceUrl,
            ["Storage:Region"] = "us-east-1",
            ["Storage:ForcePathStyle"] = "true",
            ["Storage:AccessKeyId"] = S3rverProcess.AccessKey,
            ["Storage:SecretAccessKey"] = S3rverProcess.SecretKey,
            ["Unzip:AllowedBuckets"] = allowedBuckets,
            ["Auth:Mode"] = "None",
            // Every archive inline, however long it takes: what the engine and pipeline tests (and the
            // benchmark) measure. Job tests set the Jobs:* settings they exercise (issue 16).
            ["Jobs:RequestBudgetSeconds"] = "600",
            ["Jobs:InlineMaxEntries"] = int.MaxValue.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Jobs:InlineMaxBytes"] = long.MaxValue.ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
        foreach (var (key, value) in settings ?? [])
        {
            values[key] = value;
        }

        Settings = values;
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

    /// <summary>The settings the app was composed with (defaults above, then the overrides), in configuration key form.</summary>
    public IReadOnlyDictionary<string, string?> Settings { get; }

    public IArchiveExpander Expander => _host.Services.GetRequiredService<IArchiveExpander>();

    /// <summary>The app's one S3 client (its settings, its HTTP client factory).</summary>
    public IAmazonS3 S3 => _host.Services.GetRequiredService<IAmazonS3>();

    /// <summary>The app's object store seam over <see cref="S3"/>.</summary>
    public IObjectStore Store => _host.Services.GetRequiredService<IObjectStore>();

    /// <summary>The validated options the app runs with, e.g. ArchiveOptions.</summary>
    public TOptions Options<TOptions>()
        where TOptions : class => _host.Services.GetRequiredService<IOptions<TOptions>>().Value;

    /// <summary>An ObjectCreated:PutObject event for a key, as the event parser would produce it.</summary>
    public static ObjectCreatedEvent PutEvent(string bucket, string key) =>
        new("test-" + Guid.NewGuid().ToString("N"), "ObjectCreated:PutObject", bucket, key, null, null);

    /// <summary>Stops the host the way SIGTERM does (draining, grace period).</summary>
    public async Task StopAsync()
    {
        if (!_stopped)
        {
            _stopped = true;
            await _host.StopAsync().ConfigureAwait(false);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync().ConfigureAwait(false);
        _host.Dispose();
    }
}
