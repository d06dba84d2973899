using System.IO.Compression;
using System.Text;

namespace OssUnzip.Local.Tests.EndToEnd;

/// <summary>Zips generated in the test: deflated text, stored random bytes, nested folders, a UTF-8 name.</summary>
internal static class TestZip
{
    public static IReadOnlyDictionary<string, byte[]> Entries(int seed)
    {
        var random = new Random(seed);
        var noise = new byte[6_000_000];
        random.NextBytes(noise);
        var text = new StringBuilder();
        while (text.Length < 1_000_000)
        {
            text.Append("oss unzip stream entry ").Append(random.Next(1000)).Append('\n');
        }

        return new Dictionary<string, byte[]>(StringComparer.Ordinal)
        {
            ["readme.txt"] = Encoding.UTF8.GetBytes("expanded by the local stack\n"),
            ["docs/noise.bin"] = noise,
            ["docs/deep/text.txt"] = Encoding.UTF8.GetBytes(text.ToString()),
            ["中文/名字.txt"] = Encoding.UTF8.GetBytes("你好\n"),
        };
    }

    public static byte[] Create(IReadOnlyDictionary<string, byte[]> entries)
    {
        using var buffer = new MemoryStream();
        using (var archive = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (name, content) in entries)
            {
                var level = name.EndsWith(".bin", StringComparison.Ordinal) ? CompressionLevel.NoCompression : CompressionLevel.Optimal;
                using var stream = archive.CreateEntry(name, level).Open();
                stream.Write(content);
            }
        }

        return buffer.ToArray();
    }
}
