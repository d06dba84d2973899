using System.Text;

namespace OssUnzip.Function.Routing;

/// <summary>
/// Whether OSS keys in events are percent-encoded is undocumented (docs/facts.md §2 [U]), so a key is tried
/// as given first, then percent-decoded, then form-decoded ('+' as space). The store decides which
/// one exists; being wrong about the encoding costs one extra HEAD, never a wrong object.
/// </summary>
public static class ObjectKeyCandidates
{
    public static IReadOnlyList<string> For(string key)
    {
        var candidates = new List<string>(3) { key };
        if (TryPercentDecode(key, plusIsSpace: false, out var decoded) && !candidates.Contains(decoded))
        {
            candidates.Add(decoded);
        }

        if (key.Contains('+', StringComparison.Ordinal) && TryPercentDecode(key, plusIsSpace: true, out var formDecoded) && !candidates.Contains(formDecoded))
        {
            candidates.Add(formDecoded);
        }

        return candidates;
    }

    /// <summary>Strict decoding: malformed escapes or bytes that are not UTF-8 mean "not encoded".</summary>
    private static bool TryPercentDecode(string value, bool plusIsSpace, out string decoded)
    {
        decoded = value;
        if (!value.Contains('%', StringComparison.Ordinal) && !(plusIsSpace && value.Contains('+', StringComparison.Ordinal)))
        {
            return false;
        }

        var bytes = new List<byte>(value.Length);
        Span<byte> scratch = stackalloc byte[4];
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (c == '%')
            {
                if (i + 2 >= value.Length || !IsHex(value[i + 1]) || !IsHex(value[i + 2]))
                {
                    return false;
                }

                bytes.Add((byte)((HexValue(value[i + 1]) << 4) | HexValue(value[i + 2])));
                i += 2;
            }
            else if (c == '+' && plusIsSpace)
            {
                bytes.Add((byte)' ');
            }
            else
            {
                var rune = Rune.GetRuneAt(value, i);
                var written = rune.EncodeToUtf8(scratch);
                for (var j = 0; j < written; j++)
                {
                    bytes.Add(scratch[j]);
                }

                i += rune.Utf16SequenceLength - 1;
            }
        }

        try
        {
            decoded = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(bytes.ToArray());
            return true;
        }
        catch (DecoderFallbackException)
        {
            return false;
        }
    }

    private static bool IsHex(char c) => char.IsAsciiHexDigit(c);

    private static int HexValue(char c) => c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10;
}
