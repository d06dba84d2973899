using Microsoft.Extensions.Logging;
using OssUnzip.Function.Diagnostics;
using OssUnzip.Function.Storage;

namespace OssUnzip.Function.Expansion;

/// <summary>Reads and writes rejection records at <c>outputFolder + .ossunzip/rejection.json</c>.</summary>
internal sealed class RejectionStore(IObjectStore store, ILogger<RejectionStore> logger)
{
    /// <summary>
    /// A record holds the rejection's entry list, which can be long (every unreadable entry). Reads take
    /// at most this much (the buffer is the record's size, not this); a longer record is not trusted and
    /// the archive is examined again, which gives the same answer.
    /// </summary>
    internal const int MaxRecordBytes = 16 << 20;

    /// <returns>The record under <paramref name="outputFolder"/>, or null when there is none or it is unreadable.</returns>
    public async Task<RejectionRecord?> TryReadAsync(string bucket, string outputFolder, CancellationToken cancellationToken)
    {
        var key = RecordKeys.RejectionKeyFor(outputFolder);
        var bytes = await store.TryGetPrefixAsync(bucket, key, MaxRecordBytes, cancellationToken).ConfigureAwait(false);
        if (bytes is null)
        {
            return null;
        }

        var record = RejectionRecord.TryParse(bytes);
        if (record is null)
        {
            Log.RejectionRecordUnreadable(logger, bucket, key);
        }

        return record;
    }

    public async Task WriteAsync(string bucket, string outputFolder, RejectionRecord record, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(record);
        var bytes = record.ToUtf8Json();
        using var body = new MemoryStream(bytes, writable: false);
        await store.PutObjectAsync(bucket, RecordKeys.RejectionKeyFor(outputFolder), body, bytes.Length, "application/json", cancellationToken).ConfigureAwait(false);
    }
}
