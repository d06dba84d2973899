using System.Globalization;
using Amazon.S3;
using OssUnzip.Benchmarks.Store;
using OssUnzip.Function.Archive;
using OssUnzip.Function.Expansion;
using OssUnzip.Function.Storage;
using OssUnzip.Testing;

namespace OssUnzip.Benchmarks.Scenarios;

/// <summary>
/// The app composed over the benchmark's s3rver (the shared <see cref="ExpanderHost"/>), with the
/// run's setting overrides and a <see cref="LatencyHttpClientFactory"/> under the S3 client. Every
/// scenario that talks to the store gets its client from here, so all share the same client settings.
/// </summary>
internal sealed class ScenarioHost : IAsyncDisposable
{
    private readonly ExpanderHost _host;
    private readonly LatencyHttpClientFactory _httpClients;

    public ScenarioHost(ScenarioRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        _httpClients = new LatencyHttpClientFactory(TimeSpan.FromMilliseconds(request.LatencyMs));
        _host = new ExpanderHost(
            request.ServiceUrl,
            request.Bucket,
            request.Settings.Select(s => KeyValuePair.Create(s.Key, (string?)s.Value)),
            _httpClients);
    }

    public IArchiveExpander Expander => _host.Expander;

    public IAmazonS3 S3 => _host.S3;

    public IObjectStore Store => _host.Store;

    public ArchiveOptions ArchiveOptions => _host.Options<ArchiveOptions>();

    /// <summary>The settings the app was composed with, in configuration key form.</summary>
    public IReadOnlyDictionary<string, string?> Settings => _host.Settings;

    /// <summary>HTTP requests the S3 client has sent so far (retries included).</summary>
    public long Requests => _httpClients.Requests;

    /// <summary>The effective tuning, for the report.</summary>
    public string Describe()
    {
        var archive = ArchiveOptions;
        var storage = _host.Options<StorageOptions>();
        return string.Create(
            CultureInfo.InvariantCulture,
            $"ReadConcurrency {archive.ReadConcurrency}, {DescribeUploadConcurrency(archive.UploadConcurrency, archive.MaxUploadConcurrency)}, PartSizeBytes {archive.PartSizeBytes >> 20} MiB, MaxBufferedBytes {archive.MaxBufferedBytes >> 20} MiB, BatchBytes {archive.BatchBytes >> 20} MiB, BatchEntries {archive.BatchEntries}, ReadAheadBytes {archive.ReadAheadBytes >> 20} MiB, Storage:MaxConnections {storage.MaxConnections}");
    }

    /// <summary>
    /// The upload concurrency as the uploader runs it: the controller raises it only when
    /// Archive:MaxUploadConcurrency is above Archive:UploadConcurrency (0, the default, or equal: fixed).
    /// </summary>
    internal static string DescribeUploadConcurrency(int uploadConcurrency, int maxUploadConcurrency) =>
        maxUploadConcurrency > uploadConcurrency
            ? string.Create(CultureInfo.InvariantCulture, $"UploadConcurrency {uploadConcurrency} (up to {maxUploadConcurrency} while throughput rises)")
            : string.Create(CultureInfo.InvariantCulture, $"UploadConcurrency {uploadConcurrency} (fixed)");

    public async ValueTask DisposeAsync()
    {
        await _host.DisposeAsync();
        _httpClients.Dispose();
    }
}
