using System.Runtime.InteropServices;

namespace OssUnzip.Benchmarks.Workloads;

/// <summary>
/// Reproducible entry content, produced chunk by chunk so no entry is ever whole in memory: the same
/// (kind, seed) always yields the same bytes. xoshiro256** drives both kinds; text is words from a
/// fixed vocabulary with spaces and line breaks.
/// </summary>
internal sealed class ContentStream
{
    private static readonly byte[][] Vocabulary =
    [
        .. ("oss unzip archive stream entry bucket key object region endpoint request response header "
            + "central directory local deflate inflate buffer budget upload part multipart batch reader writer "
            + "event bridge token signature version length offset range concurrency latency memory disk "
            + "the a of to and in is for on with as by at from that this be are was it an or not")
            .Split(' ')
            .Select(w => System.Text.Encoding.ASCII.GetBytes(w)),
    ];

    private readonly ContentKind _kind;
    private ulong _s0;
    private ulong _s1;
    private ulong _s2;
    private ulong _s3;

    public ContentStream(ContentKind kind, int seed)
    {
        _kind = kind;
        var x = (ulong)seed * 0x9E3779B97F4A7C15UL + 0x1234567UL;
        _s0 = SplitMix(ref x);
        _s1 = SplitMix(ref x);
        _s2 = SplitMix(ref x);
        _s3 = SplitMix(ref x);
    }

    /// <summary>Fills the whole buffer with the next bytes of the content.</summary>
    public void Fill(Span<byte> buffer)
    {
        if (_kind == ContentKind.Incompressible)
        {
            FillRandom(buffer);
        }
        else
        {
            FillText(buffer);
        }
    }

    private void FillRandom(Span<byte> buffer)
    {
        var words = MemoryMarshal.Cast<byte, ulong>(buffer);
        for (var i = 0; i < words.Length; i++)
        {
            words[i] = Next();
        }

        var tail = buffer[(words.Length * sizeof(ulong))..];
        for (var i = 0; i < tail.Length; i++)
        {
            tail[i] = (byte)Next();
        }
    }

    private void FillText(Span<byte> buffer)
    {
        var position = 0;
        while (position < buffer.Length)
        {
            var random = Next();
            var word = Vocabulary[(int)(random % (ulong)Vocabulary.Length)];
            var count = Math.Min(word.Length, buffer.Length - position);
            word.AsSpan(0, count).CopyTo(buffer[position..]);
            position += count;
            if (position < buffer.Length)
            {
                buffer[position++] = (random >> 32) % 12 == 0 ? (byte)'\n' : (byte)' ';
            }
        }
    }

    private ulong Next()
    {
        var result = ulong.RotateLeft(_s1 * 5, 7) * 9;
        var t = _s1 << 17;
        _s2 ^= _s0;
        _s3 ^= _s1;
        _s1 ^= _s2;
        _s0 ^= _s3;
        _s2 ^= t;
        _s3 = ulong.RotateLeft(_s3, 45);
        return result;
    }

    private static ulong SplitMix(ref ulong x)
    {
        x += 0x9E3779B97F4A7C15UL;
        var z = x;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
