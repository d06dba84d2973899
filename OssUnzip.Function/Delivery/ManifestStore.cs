using Microsoft.Extensions.Logging;
using OssUnzip.Function.Diagnostics;
using OssUnzip.Function.Storage;

namespace OssUnzip.Function.Delivery;

/// <summary>Reads and writes expansion manifests at <c>outputFolder + .ossunzip-manifest.json</c>.</summary>
internal sealed class ManifestStore(IObjectStore store, ILogger<ManifestStore> logger)
{
    /// <summary>100,000 entries with long keys stay well under this.</summary>
    private const int MaxManifestBytes = 64 << 20;

    public static string KeyFor(string outputFolder) => outputFolder + ExpansionManifest.FileName;

    public async Task<ExpansionManifest?> TryReadAsync(string bucket, string outputFolder, CancellationToken cancellationToken)
    {
        var key = KeyFor(outputFolder);
        var bytes = await store.TryGetSmallObjectAsync(bucket, key, MaxManifestBytes, cancellationToken).ConfigureAwait(false);
        if (bytes is null)
        {
            return null;
        }

        var manifest = ExpansionManifest.TryParse(bytes);
        if (manifest is null)
        {
            Log.ManifestUnreadable(logger, bucket, key);
        }

        return manifest;
    }

    public async Task WriteAsync(string bucket, ExpansionManifest manifest, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        using var body = manifest.ToUtf8JsonStream();
        await store.PutObjectAsync(bucket, KeyFor(manifest.OutputPrefix), body, body.Length, "application/json", cancellationToken).ConfigureAwait(false);
    }
}
