using OssUnzip.Testing;

namespace OssUnzip.Local.Tests.EndToEnd;

/// <summary>
/// Archives made by the real 7-Zip (`7z`, Debian package p7zip-full, which .ci/run installs) at test time,
/// run through the shared <see cref="ExternalTool"/>. A missing tool fails the test (never a skip), so CI
/// cannot pass by testing less.
/// </summary>
internal static class SevenZip
{
    /// <summary>A solid 7z, LZMA2, of the given files (names with '/' become folders).</summary>
    public static async Task<byte[]> CreateSolidLzma2Async(IReadOnlyDictionary<string, byte[]> files)
    {
        var work = Directory.CreateTempSubdirectory("ossunzip-7z-").FullName;
        try
        {
            var tree = Path.Combine(work, "tree");
            foreach (var (name, content) in files)
            {
                var path = Path.Combine(tree, name);
                Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                await File.WriteAllBytesAsync(path, content);
            }

            var archive = Path.Combine(work, "x.7z");
            await ExternalTool.RunAsync("7z", tree, ["a", "-t7z", "-m0=lzma2", "-mx=1", "-ms=on", archive, "."]);
            return await File.ReadAllBytesAsync(archive);
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }
}
