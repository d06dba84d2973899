using System.Formats.Tar;
using System.IO.Compression;
using OssUnzip.Benchmarks.Workloads;

namespace OssUnzip.Benchmarks.Tests.Workloads;

public sealed class WorkloadGeneratorTests
{
    /// <summary>A chunk and a bit, so the chunk boundary (where the text generator cuts a word) is crossed.</summary>
    private static readonly EntrySpec[] Entries =
    [
        new("large/part-00.bin", GeneratedEntryStream.ChunkSize + 77, ContentKind.Incompressible, 1000),
        new("large/part-01.txt", GeneratedEntryStream.ChunkSize + 77, ContentKind.Text, 1001),
    ];

    [Test]
    public async Task WriteAsync_SameEntriesAsZipAndTarGzip_RecordsTheSameHashes()
    {
        // Arrange: W4 is W1's content in another container, so its manifest must equal W1's.
        var directory = Directory.CreateTempSubdirectory("ossunzip-bench-gen-").FullName;
        try
        {
            var zip = Path.Combine(directory, "a.zip");
            var tarGz = Path.Combine(directory, "a.tar.gz");

            // Act
            var zipManifest = await WorkloadGenerator.WriteAsync(new WorkloadSpec("Z", "", WorkloadFormat.Zip, Entries), zip, CancellationToken.None);
            var tarManifest = await WorkloadGenerator.WriteAsync(new WorkloadSpec("T", "", WorkloadFormat.TarGzip, Entries), tarGz, CancellationToken.None);

            // Assert
            var written = await Manifest.ReadAsync(Manifest.PathFor(tarGz), CancellationToken.None);
            var members = await TarMembersAsync(tarGz);
            Assert.Multiple(() =>
            {
                Assert.That(tarManifest.Entries, Is.EqualTo(zipManifest.Entries));
                Assert.That(written.Entries, Is.EqualTo(tarManifest.Entries));
                Assert.That(members, Is.EqualTo(Entries.Select(e => (e.Name, e.Size))));
            });
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    private static async Task<List<(string Name, long Size)>> TarMembersAsync(string path)
    {
        var members = new List<(string, long)>();
        await using var reader = new TarReader(new GZipStream(File.OpenRead(path), CompressionMode.Decompress));
        while (await reader.GetNextEntryAsync() is { } entry)
        {
            members.Add((entry.Name, entry.Length));
        }

        return members;
    }
}
