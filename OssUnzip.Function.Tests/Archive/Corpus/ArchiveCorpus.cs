using System.IO.Compression;
using System.Text;
using OssUnzip.Function.Archive.Entries;

namespace OssUnzip.Function.Tests.Archive.Corpus;

/// <summary>
/// The archive corpus for issue 4: real ZIPs made at test time by Info-ZIP zip, 7-Zip, bsdtar, the JDK's
/// jar, CPython's zipfile and System.IO.Compression, plus hand-made hostile ones. Each case's expected
/// outcome assumes the default settings (Archive:NameEncoding auto, flattening on) and that the archive
/// is uploaded as <c>zip/&lt;id&gt;.zip</c>, so it expands under <c>unzip/&lt;id&gt;/</c>.
/// </summary>
internal static partial class ArchiveCorpus
{
    private static readonly Lazy<IReadOnlyList<CorpusCase>> s_all = new(() =>
    [
        .. NameCases(),
        .. LegacyNameCases(),
        .. PathCases(),
        .. KindCases(),
        .. FormatCases(),
        .. HostileCases(),
        .. HeavyCases(),
    ]);

    public static IReadOnlyList<CorpusCase> All => s_all.Value;

    public static IEnumerable<CorpusCase> Light => All.Where(c => !c.IsHeavy);

    public static IEnumerable<CorpusCase> Heavy => All.Where(c => c.IsHeavy);

    public static CorpusCase Get(string id) => All.Single(c => c.Id == id);

    private static byte[] Text(string text) => Encoding.UTF8.GetBytes(text);

    /// <summary>About 40 KB of varied, compressible text, so every tool really compresses it.</summary>
    private static byte[] Compressible(string seed)
    {
        var builder = new StringBuilder();
        for (var line = 0; line < 1000; line++)
        {
            builder.Append(seed).Append(" line ").Append(line).Append(" of the quick brown fox\n");
        }

        return Text(builder.ToString());
    }

    private static ExpectedExpansion Expands(params (string Path, byte[] Content)[] objects) =>
        new(objects.ToDictionary(o => o.Path, o => ExpectedContent.Of(o.Content)), [], new Dictionary<string, string>());

    private static ExpectedExpansion Expands(IEnumerable<KeyValuePair<string, byte[]>> objects) =>
        Expands([.. objects.Select(o => (o.Key, o.Value))]);

    private static ExpectedRejection Unsupported(params (string EntryName, UnsupportedReason Reason)[] entries) =>
        new(ExpectedRejectionKind.UnsupportedEntries, [.. entries.Select(e => new ExpectedProblemEntry(e.EntryName, e.Reason))]);

    private static ExpectedRejection Rejected(ExpectedRejectionKind kind, params string[] entryNames) =>
        new(kind, [.. entryNames.Select(n => new ExpectedProblemEntry(n))]);

    /// <summary>Info-ZIP: <c>zip -q -r [options] archive .</c> run inside the tree.</summary>
    private static Task<string> ZipTreeAsync(CorpusWorkspace workspace, string tree, string archive, CancellationToken cancellationToken, params string[] options) =>
        workspace.RunAsync("zip", tree, ["-q", "-r", .. options, archive, "."], cancellationToken: cancellationToken);

    private static async Task WriteWithZipArchiveAsync(
        string path,
        IEnumerable<(string Name, byte[] Content, int? ExternalAttributes)> entries,
        CancellationToken cancellationToken,
        bool forwardOnly = false,
        string? comment = null)
    {
        Stream file = File.Create(path);
        if (forwardOnly)
        {
            file = new NonSeekableWriteStream(file);
        }

        await using (file)
        {
            await using var archive = new ZipArchive(file, ZipArchiveMode.Create, leaveOpen: false, Encoding.UTF8);
            foreach (var (name, content, attributes) in entries)
            {
                var entry = archive.CreateEntry(name, CompressionLevel.Optimal);
                entry.LastWriteTime = new DateTimeOffset(2024, 5, 17, 12, 0, 0, TimeSpan.Zero);
                if (attributes is not null)
                {
                    entry.ExternalAttributes = attributes.Value;
                }

                if (content.Length > 0)
                {
                    await using var stream = await entry.OpenAsync(cancellationToken);
                    await stream.WriteAsync(content, cancellationToken);
                }
            }

            if (comment is not null)
            {
                archive.Comment = comment;
            }
        }
    }

    private static void That(bool condition, string claim)
    {
        if (!condition)
        {
            throw new InvalidOperationException("The tool no longer writes what this case relies on: " + claim);
        }
    }

    private static bool IsValidUtf8(byte[] bytes) => System.Text.Unicode.Utf8.IsValid(bytes);

    private static bool IsAscii(byte[] bytes) => bytes.All(b => b < 0x80);
}
