using Microsoft.Extensions.Logging;
using OssUnzip.Function.Diagnostics;
using OssUnzip.Function.Storage;

namespace OssUnzip.Function.Expansion;

/// <summary>
/// Reads and writes expansion manifests at <c>outputFolder + .ossunzip/manifest.json</c>, where no archive
/// entry can be written (decision 0015). Manifests at the old place (<c>.ossunzip-manifest.json</c>) are
/// never read: such an archive is expanded once more.
/// </summary>
internal sealed class ManifestStore(IObjectStore store, ILogger<ManifestStore> logger)
{
    /// <summary>
    /// How much of a manifest is read for its summary. The summary holds two keys of at most 1,023 UTF-8
    /// bytes each (6 bytes per character when escaped): under 13 KiB at worst.
    /// </summary>
    internal const int SummaryReadBytes = 64 << 10;

    public static string KeyFor(string outputFolder) => RecordKeys.ManifestKeyFor(outputFolder);

    /// <summary>
    /// The summary of the manifest under <paramref name="outputFolder"/>, from one ranged read of its
    /// first bytes whatever the manifest's size; null when there is none or it is not one this version wrote.
    /// </summary>
    public async Task<ManifestSummary?> TryReadSummaryAsync(string bucket, string outputFolder, CancellationToken cancellationToken)
    {
        var key = KeyFor(outputFolder);
        var prefix = await store.TryGetPrefixAsync(bucket, key, SummaryReadBytes, cancellationToken).ConfigureAwait(false);
        if (prefix is null)
        {
            return null;
        }

        var summary = ExpansionManifest.TryReadSummary(prefix);
        if (summary is null)
        {
            Log.ManifestUnreadable(logger, bucket, key);
        }

        return summary;
    }

    public async Task WriteAsync(string bucket, ExpansionManifest manifest, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        // Made a chunk at a time as the client reads it: no buffer of the manifest's size (issue 21).
        using var body = manifest.OpenUtf8JsonStream();
        await store.PutObjectAsync(bucket, KeyFor(manifest.Summary.OutputPrefix), body, body.Length, "application/json", cancellationToken).ConfigureAwait(false);
    }
}
