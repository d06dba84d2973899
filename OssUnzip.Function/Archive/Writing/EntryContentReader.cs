using System.Globalization;
using System.IO.Hashing;

namespace OssUnzip.Function.Archive.Writing;

/// <summary>
/// Reads an entry's decompressed bytes into caller buffers while holding them to what the central
/// directory declared: never more bytes than the declared size, exactly that many by the end, and the
/// declared CRC-32 over all of them (when the format declares one: tar members have none). Checked against the bytes actually produced, so a lying header
/// (a bomb) stops at its declared size instead of inflating on.
/// </summary>
internal sealed class EntryContentReader(Stream content, string entryName, long declaredSize, uint? declaredCrc)
{
    private readonly Crc32 _crc = new();
    private long _read;

    public long Remaining => declaredSize - _read;

    /// <summary>The CRC-32 of the bytes read so far (all of them once <see cref="Remaining"/> is 0).</summary>
    public uint Crc32 => _crc.GetCurrentHashAsUInt32();

    /// <summary>Fills <paramref name="buffer"/> completely (it must not exceed <see cref="Remaining"/>).</summary>
    public async ValueTask FillAsync(Memory<byte> buffer, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(buffer.Length, Remaining);
        var filled = 0;
        while (filled < buffer.Length)
        {
            var read = await content.ReadAsync(buffer[filled..], cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                throw new EntryCorruptException(entryName, string.Create(CultureInfo.InvariantCulture, $"Entry '{entryName}' ended after {_read + filled} bytes; its header declares {declaredSize}."));
            }

            filled += read;
        }

        _crc.Append(buffer.Span);
        _read += filled;
        if (Remaining == 0)
        {
            await VerifyEndAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    private async ValueTask VerifyEndAsync(CancellationToken cancellationToken)
    {
        var probe = new byte[1];
        if (await content.ReadAsync(probe, cancellationToken).ConfigureAwait(false) != 0)
        {
            throw new EntryCorruptException(entryName, string.Create(CultureInfo.InvariantCulture, $"Entry '{entryName}' holds more than the {declaredSize} bytes its header declares."));
        }

        var actual = _crc.GetCurrentHashAsUInt32();
        if (declaredCrc is { } expected && actual != expected)
        {
            throw new EntryCorruptException(entryName, string.Create(CultureInfo.InvariantCulture, $"Entry '{entryName}' fails its CRC-32 check (declared {expected:x8}, computed {actual:x8})."));
        }
    }
}
