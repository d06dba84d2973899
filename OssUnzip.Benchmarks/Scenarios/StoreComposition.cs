using System.Globalization;
using Amazon.S3;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using OssUnzip.Benchmarks.Store;
using OssUnzip.Function.Archive;
using OssUnzip.Function.Expansion;
using OssUnzip.Function.Hosting;
using OssUnzip.Function.Storage;

namespace OssUnzip.Benchmarks.Scenarios;

/// <summary>
/// The app's own service composition (AddOssUnzip) pointed at the benchmark's s3rver, with the
/// run's setting overrides and a <see cref="LatencyHttpClientFactory"/> under the S3 client. Every
/// scenario that talks to the store gets its client from here, so all share the same client settings.
/// </summary>
internal sealed class StoreComposition : IAsyncDisposable
{
    private readonly IHost _host;
    private readonly LatencyHttpClientFactory _httpClients;

    public StoreComposition(ScenarioRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var values = new Dictionary<string, string?>
        {
            ["Storage:ServiceUrl"] = request.ServiceUrl,
            ["Storage:Region"] = "us-east-1",
            ["Storage:ForcePathStyle"] = "true",
            ["Storage:AccessKeyId"] = S3rverHost.AccessKey,
            ["Storage:SecretAccessKey"] = S3rverHost.SecretKey,
            ["Unzip:AllowedBuckets"] = request.Bucket,

            // The expander is called in-process: there is no HTTP edge to authenticate.
            ["Auth:Mode"] = "None",
        };
        foreach (var (key, value) in request.Settings)
        {
            values[key] = value;
        }

        _httpClients = new LatencyHttpClientFactory(TimeSpan.FromMilliseconds(request.LatencyMs));
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(values);
        builder.Services.AddSingleton<Amazon.Runtime.HttpClientFactory>(_httpClients);
        builder.Services.AddOssUnzip(builder.Configuration);
        _host = builder.Build();
        _host.Start();
    }

    public IArchiveExpander Expander => _host.Services.GetRequiredService<IArchiveExpander>();

    public IAmazonS3 S3 => _host.Services.GetRequiredService<IAmazonS3>();

    public IObjectStore Store => _host.Services.GetRequiredService<IObjectStore>();

    public ArchiveOptions ArchiveOptions => _host.Services.GetRequiredService<IOptions<ArchiveOptions>>().Value;

    /// <summary>HTTP requests the S3 client has sent so far (retries included).</summary>
    public long Requests => _httpClients.Requests;

    /// <summary>The effective tuning, for the report.</summary>
    public string Describe()
    {
        var archive = ArchiveOptions;
        var storage = _host.Services.GetRequiredService<IOptions<StorageOptions>>().Value;
        return string.Create(
            CultureInfo.InvariantCulture,
            $"ReadConcurrency {archive.ReadConcurrency}, UploadConcurrency {archive.UploadConcurrency}, PartSizeBytes {archive.PartSizeBytes >> 20} MiB, MaxBufferedBytes {archive.MaxBufferedBytes >> 20} MiB, BatchBytes {archive.BatchBytes >> 20} MiB, BatchEntries {archive.BatchEntries}, ReadAheadBytes {archive.ReadAheadBytes >> 20} MiB, Storage:MaxConnections {storage.MaxConnections}");
    }

    public async ValueTask DisposeAsync()
    {
        await _host.StopAsync();
        _host.Dispose();
        _httpClients.Dispose();
    }
}
