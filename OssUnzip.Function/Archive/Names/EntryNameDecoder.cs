using System.Text;
using System.Text.Unicode;

namespace OssUnzip.Function.Archive.Names;

/// <summary>
/// Turns the raw name bytes of an archive's entries into text, all entries at once. Per entry, first
/// match wins:
/// <list type="number">
/// <item>bit 11 (language encoding flag) set and the bytes are valid UTF-8 → UTF-8;</item>
/// <item>an Info-ZIP Unicode Path extra field (0x7075) whose CRC-32 matches the raw name → that name;</item>
/// <item>only ASCII bytes → ASCII (every supported encoding agrees);</item>
/// <item><c>Archive:NameEncoding</c> names an encoding and the bytes decode strictly in it → that;</item>
/// <item>otherwise the one encoding <see cref="NameEncodingDetector"/> guesses from all remaining names
/// of the archive together.</item>
/// </list>
/// Every decode is strict, so a name never contains U+FFFD from a wrong guess. A set bit 11 over bytes
/// that are not UTF-8 is ignored rather than trusted: libarchive's bsdtar sets it for whatever bytes
/// the file system gave it. Path separators are found later, in the decoded text, so a multi-byte
/// character whose trail byte is 0x5C (Shift-JIS ソ, GBK 珮) never splits a name.
/// </summary>
internal static class EntryNameDecoder
{
    private const ushort LanguageEncodingFlag = 1 << 11;

    private static readonly UTF8Encoding s_strictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public static DecodedNames DecodeAll(IReadOnlyList<RawEntryName> entries, Encoding? forced)
    {
        ArgumentNullException.ThrowIfNull(entries);
        var decoded = new DecodedEntryName[entries.Count];
        var undeclared = new List<int>();
        for (var i = 0; i < entries.Count; i++)
        {
            var entry = entries[i];
            var raw = entry.Bytes.Span;
            if ((entry.Flags & LanguageEncodingFlag) != 0 && Utf8.IsValid(raw))
            {
                decoded[i] = new DecodedEntryName(s_strictUtf8.GetString(raw), NameSource.Utf8Flag, s_strictUtf8.WebName);
            }
            else if (UnicodePathExtraField.TryGetName(entry.Extra.Span, raw, out var unicodeName))
            {
                decoded[i] = new DecodedEntryName(s_strictUtf8.GetString(unicodeName), NameSource.UnicodePathExtra, s_strictUtf8.WebName);
            }
            else if (System.Text.Ascii.IsValid(raw))
            {
                decoded[i] = new DecodedEntryName(Encoding.ASCII.GetString(raw), NameSource.Ascii, Encoding.ASCII.WebName);
            }
            else if (forced is not null && TryDecode(forced, raw, out var name))
            {
                decoded[i] = new DecodedEntryName(name, NameSource.Configured, forced.WebName);
            }
            else
            {
                undeclared.Add(i);
            }
        }

        string? reason = null;
        if (undeclared.Count > 0)
        {
            var detected = NameEncodingDetector.Detect([.. undeclared.Select(i => entries[i].Bytes)]);
            reason = detected.Reason;
            foreach (var i in undeclared)
            {
                decoded[i] = new DecodedEntryName(detected.Encoding.GetString(entries[i].Bytes.Span), NameSource.Detected, detected.Encoding.WebName);
            }
        }

        return new DecodedNames(decoded, Summarize(decoded, reason));
    }

    /// <summary>One entry alone: the rules above with the guess made from this name only.</summary>
    public static DecodedEntryName Decode(ReadOnlySpan<byte> rawName, ushort generalPurposeFlags, ReadOnlySpan<byte> extraField, Encoding? forced) =>
        DecodeAll([new RawEntryName(rawName.ToArray(), generalPurposeFlags, extraField.ToArray())], forced).Names[0];

    private static bool TryDecode(Encoding encoding, ReadOnlySpan<byte> raw, out string name)
    {
        try
        {
            name = encoding.GetString(raw);
            return true;
        }
        catch (DecoderFallbackException)
        {
            name = string.Empty;
            return false;
        }
    }

    internal static List<NameEncodingNote> Summarize(DecodedEntryName[] decoded, string? guessReason) =>
        [.. decoded
            .GroupBy(d => (d.Source, d.Encoding))
            .Select(g => new NameEncodingNote(
                CodeOf(g.Key.Source),
                g.Key.Encoding,
                g.Count(),
                g.First().Name,
                g.Key.Source == NameSource.Detected ? guessReason : null))];

    private static string CodeOf(NameSource source) => source switch
    {
        NameSource.Utf8Flag => NameEncodingNoteCodes.Utf8Flag,
        NameSource.UnicodePathExtra => NameEncodingNoteCodes.UnicodePath,
        NameSource.Ascii => NameEncodingNoteCodes.Ascii,
        NameSource.Configured => NameEncodingNoteCodes.Configured,
        NameSource.Detected => NameEncodingNoteCodes.Detected,
        _ => throw new ArgumentOutOfRangeException(nameof(source), source, null),
    };
}
