using System.IO.Compression;

namespace OssUnzip.Function.Tests.Infrastructure;

/// <summary>Builds archives in memory with System.IO.Compression's writer, remembering what went in.</summary>
internal sealed class ZipBuilder
{
    private readonly List<(string Name, byte[]? Data, CompressionLevel Level)> _entries = [];

    public IReadOnlyDictionary<string, byte[]> Files =>
        _entries.Where(e => e.Data is not null).GroupBy(e => e.Name).ToDictionary(g => g.Key, g => g.Last().Data!);

    public ZipBuilder File(string name, byte[] data, CompressionLevel level = CompressionLevel.Optimal)
    {
        _entries.Add((name, data, level));
        return this;
    }

    public ZipBuilder Directory(string name)
    {
        _entries.Add((name.EndsWith('/') ? name : name + "/", null, CompressionLevel.NoCompression));
        return this;
    }

    public byte[] Build()
    {
        var output = new MemoryStream();
        using (var archive = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (name, data, level) in _entries)
            {
                var entry = archive.CreateEntry(name, level);
                if (data is not null)
                {
                    using var stream = entry.Open();
                    stream.Write(data);
                }
            }
        }

        return output.ToArray();
    }
}
