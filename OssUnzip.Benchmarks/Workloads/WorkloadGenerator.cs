using System.Formats.Tar;
using System.IO.Compression;

namespace OssUnzip.Benchmarks.Workloads;

/// <summary>
/// Writes a workload's archive to a file, each entry pulled from a <see cref="GeneratedEntryStream"/>
/// (made and hashed one chunk at a time), and the manifest beside it. A ZIP is written with System.IO.Compression (which switches to ZIP64 by itself
/// when counts or sizes need it): text deflated at the default (Optimal) level, incompressible data at
/// Fastest, either way Deflate. A .tar.gz is ustar members (System.Formats.Tar) in one gzip stream
/// (GZipStream at Optimal, gzip's default level 6, for every member: one stream has one level).
/// </summary>
internal static class WorkloadGenerator
{
    /// <summary>Fixed, so the same workload always yields the same archive bytes.</summary>
    private static readonly DateTimeOffset ModifiedTime = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public static async Task<Manifest> WriteAsync(WorkloadSpec spec, string archivePath, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var manifest = spec.Format switch
        {
            WorkloadFormat.Zip => await WriteZipAsync(spec, archivePath, cancellationToken),
            WorkloadFormat.TarGzip => await WriteTarGzipAsync(spec, archivePath, cancellationToken),
            _ => throw new ArgumentOutOfRangeException(nameof(spec), spec.Format, "unknown workload format"),
        };
        await manifest.WriteAsync(Manifest.PathFor(archivePath), cancellationToken);
        return manifest;
    }

    private static async Task<Manifest> WriteZipAsync(WorkloadSpec spec, string archivePath, CancellationToken cancellationToken)
    {
        var entries = new List<ManifestEntry>(spec.Entries.Count);
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
                    var content = new GeneratedEntryStream(entrySpec);
                    await using (content)
                    {
                        var output = await entry.OpenAsync(cancellationToken);
                        await using (output)
                        {
                            await content.CopyToAsync(output, GeneratedEntryStream.ChunkSize, cancellationToken);
                        }

                        entries.Add(new ManifestEntry(entrySpec.Name, entrySpec.Size, content.Hash));
                    }
                }
            }
        }

        return new Manifest(entries);
    }

    /// <summary>TarWriter pulls each member from a <see cref="GeneratedEntryStream"/> (its size known up front, its bytes made as they are copied).</summary>
    private static async Task<Manifest> WriteTarGzipAsync(WorkloadSpec spec, string archivePath, CancellationToken cancellationToken)
    {
        var entries = new List<ManifestEntry>(spec.Entries.Count);
        var file = new FileStream(archivePath, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16, FileOptions.Asynchronous);
        var gzip = new GZipStream(file, CompressionLevel.Optimal, leaveOpen: false);
        var tar = new TarWriter(gzip, TarEntryFormat.Ustar, leaveOpen: false);
        await using (tar)
        {
            foreach (var entrySpec in spec.Entries)
            {
                var content = new GeneratedEntryStream(entrySpec);
                await using (content)
                {
                    var entry = new UstarTarEntry(TarEntryType.RegularFile, entrySpec.Name) { DataStream = content, ModificationTime = ModifiedTime };
                    await tar.WriteEntryAsync(entry, cancellationToken);
                    entries.Add(new ManifestEntry(entrySpec.Name, entrySpec.Size, content.Hash));
                }
            }
        }

        return new Manifest(entries);
    }
}
