using System.Globalization;
using System.Text;
using System.Text.Unicode;
using UtfUnknown;

namespace OssUnzip.Function.Archive.Names;

/// <summary>
/// Guesses one encoding for all of an archive's undeclared, non-ASCII entry names together (names do
/// not change code page within an archive; together they give a detector far more text than one
/// name). First match wins:
/// <list type="number">
/// <item>every name is valid UTF-8 → UTF-8 (macOS and Linux tools omit the flag);</item>
/// <item>UTF.Unknown (a maintained port of Mozilla's uchardet) over the names joined by newlines: the
/// most confident candidate at or above <see cref="MinConfidence"/> that is a multi-byte CJK or a
/// Cyrillic code page ZIP tools write, and that decodes every name strictly;</item>
/// <item>the GB2312 pair scan (<see cref="Gb18030NameScan"/>) summed over all names → GB18030: the
/// detector offers nothing for a single short Chinese name;</item>
/// <item>DOS Latin: CP850 when it reads more of the bytes as Latin letters than CP437 does, else CP437
/// (the ZIP specification's default; the two agree on every accented lower-case letter).</item>
/// </list>
/// Every candidate is checked by a strict decode of every name, so a guess never yields U+FFFD; CP437
/// and CP850 map all 256 bytes, so a guess always exists. Measurements: docs/decisions/0003-entry-name-detection.md.
/// </summary>
internal static class NameEncodingDetector
{
    /// <summary>Candidates below this are ignored (0.3 measured; see the decision record).</summary>
    public const float MinConfidence = 0.3f;

    /// <summary>At most this many name bytes go to the detector (far past where its answer settles); all names are still strictly decoded.</summary>
    public const int MaxDetectorBytes = 1 << 20;

    private static readonly Encoding s_strictUtf8 = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public static DetectedNameEncoding Detect(IReadOnlyList<ReadOnlyMemory<byte>> names)
    {
        ArgumentNullException.ThrowIfNull(names);
        if (names.All(n => Utf8.IsValid(n.Span)))
        {
            return new DetectedNameEncoding(s_strictUtf8, "every name is valid UTF-8");
        }

        var fromDetector = AskDetector(names);
        if (fromDetector is not null)
        {
            return fromDetector;
        }

        var common = 0;
        var uncommon = 0;
        var wellFormed = true;
        foreach (var name in names)
        {
            var scan = Gb18030NameScan.Scan(name.Span);
            wellFormed &= scan.IsWellFormed;
            common += scan.CommonPairs;
            uncommon += scan.UncommonSequences;
        }

        var gb18030 = Strict(CodePages.Gb18030);
        if (wellFormed && common > 0 && common >= uncommon && DecodesAll(gb18030, names))
        {
            return new DetectedNameEncoding(gb18030, string.Create(CultureInfo.InvariantCulture, $"GB2312-shaped byte pairs ({common} common, {uncommon} other)"));
        }

        var cp437 = Strict(CodePages.Cp437);
        var cp850 = Strict(CodePages.Cp850);
        var letters437 = names.Sum(n => LatinLetters(cp437.GetString(n.Span)));
        var letters850 = names.Sum(n => LatinLetters(cp850.GetString(n.Span)));
        return letters850 > letters437
            ? new DetectedNameEncoding(cp850, string.Create(CultureInfo.InvariantCulture, $"DOS Latin: CP850 reads {letters850} Latin letters, CP437 {letters437}"))
            : new DetectedNameEncoding(cp437, "DOS Latin: the ZIP specification's default code page");
    }

    private static DetectedNameEncoding? AskDetector(IReadOnlyList<ReadOnlyMemory<byte>> names)
    {
        var joined = new List<byte>();
        foreach (var name in names)
        {
            if (joined.Count + name.Length + 1 > MaxDetectorBytes)
            {
                break;
            }

            joined.AddRange(name.Span);
            joined.Add((byte)'\n');
        }

        var result = CharsetDetector.DetectFromBytes([.. joined]);
        foreach (var detail in result.Details.OrderByDescending(d => d.Confidence))
        {
            if (detail.Confidence < MinConfidence || CodePages.FromDetectorName(detail.EncodingName) is not { } codePage)
            {
                continue;
            }

            var encoding = Strict(codePage);
            if (DecodesAll(encoding, names))
            {
                return new DetectedNameEncoding(encoding, string.Create(CultureInfo.InvariantCulture, $"UTF.Unknown: {detail.EncodingName}, confidence {detail.Confidence:0.00}"));
            }
        }

        return null;
    }

    private static bool DecodesAll(Encoding strict, IReadOnlyList<ReadOnlyMemory<byte>> names)
    {
        try
        {
            foreach (var name in names)
            {
                _ = strict.GetCharCount(name.Span);
            }

            return true;
        }
        catch (DecoderFallbackException)
        {
            return false;
        }
    }

    /// <summary>Letters from Latin-1 Supplement and Latin Extended-A (À–ſ): what accented names hold and CP437's box drawing and Greek are not.</summary>
    private static int LatinLetters(string text) => text.Count(c => c is >= '\u00C0' and <= '\u017F' && char.IsLetter(c));

    internal static Encoding Strict(int codePage)
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        return Encoding.GetEncoding(codePage, EncoderFallback.ExceptionFallback, DecoderFallback.ExceptionFallback);
    }

    /// <summary>The code pages auto mode can choose, and the detector's names for them.</summary>
    private static class CodePages
    {
        public const int Gb18030 = 54936;
        public const int Cp437 = 437;
        public const int Cp850 = 850;

        /// <summary>
        /// Multi-byte CJK and the Cyrillic code pages that Windows and DOS archivers write. Latin
        /// single-byte answers (windows-1252, ISO-8859-x, ibm850) are not taken from the detector: ZIP
        /// tools write the DOS code page, which step 4 decides; KOI8-R, ISO-8859-5 and Mac Cyrillic are
        /// not written by ZIP tools and the detector offered KOI8-R for a short GBK name.
        /// </summary>
        public static int? FromDetectorName(string? name) => name?.ToUpperInvariant() switch
        {
            "SHIFT-JIS" or "SHIFT_JIS" => 932,
            "EUC-JP" => 51932,
            "GB18030" or "GB2312" or "GBK" => Gb18030,
            "BIG5" => 950,
            "EUC-KR" or "KS_C_5601-1987" or "CP949" => 949,
            "IBM866" or "CP866" => 866,
            "WINDOWS-1251" => 1251,
            _ => null,
        };
    }
}
