using System.Buffers;
using System.IO.Compression;
using System.IO.Hashing;

namespace OssUnzip.Benchmarks.Workloads;

/// <summary>
/// Writes a workload's archive to a file with System.IO.Compression (which switches to ZIP64 by itself
/// when counts or sizes need it), one chunk at a time, hashing each entry as it goes. Text is deflated
/// at the default (Optimal) level, incompressible data at Fastest: either way it is Deflate.
/// </summary>
internal static class WorkloadGenerator
{
    private const int ChunkSize = 1 << 20;

    public static async Task<Manifest> WriteAsync(WorkloadSpec spec, string archivePath, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var entries = new List<ManifestEntry>(spec.Entries.Count);
        var chunk = ArrayPool<byte>.Shared.Rent(ChunkSize);
        try
        {
            var file = new FileStream(archivePath, FileMode.Create, FileAccess.ReadWrite, FileShare.None, 1 << 16, FileOptions.Asynchronous);
            await using (file)
            {
                var archive = await ZipArchive.CreateAsync(file, ZipArchiveMode.Create, leaveOpen: false, entryNameEncoding: null, cancellationToken);
                await using (archive)
                {
                    foreach (var entrySpec in spec.Entries)
                    {
                        var level = entrySpec.Kind == ContentKind.Text ? CompressionLevel.Optimal : CompressionLevel.Fastest;
                        var entry = archive.CreateEntry(entrySpec.Name, level);
                        var hash = new XxHash128();
                        var content = new ContentStream(entrySpec.Kind, entrySpec.Seed);
                        var output = await entry.OpenAsync(cancellationToken);
                        await using (output)
                        {
                            for (var remaining = entrySpec.Size; remaining > 0;)
                            {
                                var count = (int)Math.Min(ChunkSize, remaining);
                                content.Fill(chunk.AsSpan(0, count));
                                hash.Append(chunk.AsSpan(0, count));
                                await output.WriteAsync(chunk.AsMemory(0, count), cancellationToken);
                                remaining -= count;
                            }
                        }

                        entries.Add(new ManifestEntry(entrySpec.Name, entrySpec.Size, Convert.ToHexStringLower(hash.GetCurrentHash())));
                    }
                }
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(chunk);
        }

        var manifest = new Manifest(entries);
        await manifest.WriteAsync(Manifest.PathFor(archivePath), cancellationToken);
        return manifest;
    }
}
