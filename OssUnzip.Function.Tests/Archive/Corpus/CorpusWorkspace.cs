using System.Text.Json;
using OssUnzip.Testing;

namespace OssUnzip.Function.Tests.Archive.Corpus;

/// <summary>A temporary folder where corpus archives and their source trees are made; deleted on dispose.</summary>
internal sealed class CorpusWorkspace : IAsyncDisposable
{
    private static readonly string s_pythonScript = Path.Combine(AppContext.BaseDirectory, "Archive", "Corpus", "corpus_zip.py");

    private bool _disposed;

    public CorpusWorkspace()
    {
        Root = Directory.CreateTempSubdirectory("ossunzip-corpus-").FullName;
        ArchiveDirectory = Directory.CreateDirectory(Path.Combine(Root, "archives")).FullName;
    }

    public string Root { get; }

    public string ArchiveDirectory { get; }

    /// <summary>Creates a fresh source folder holding the given files (relative path → content).</summary>
    public string CreateTree(string name, IEnumerable<KeyValuePair<string, byte[]>> files)
    {
        ArgumentNullException.ThrowIfNull(files);
        var directory = Directory.CreateDirectory(Path.Combine(Root, "src", name)).FullName;
        foreach (var (relative, content) in files)
        {
            var path = Path.Combine(directory, relative);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllBytes(path, content);
        }

        return directory;
    }

    /// <summary>Creates files whose names are bytes in a legacy code page (not UTF-8), through python3.</summary>
    public async Task<string> CreateRawNamedTreeAsync(string name, IEnumerable<PythonEntry> files, CancellationToken cancellationToken)
    {
        var directory = Directory.CreateDirectory(Path.Combine(Root, "src", name)).FullName;
        await PythonAsync("mkfiles", new { directory, files = files.Select(f => f.ToSpec()).ToArray() }, cancellationToken);
        return directory;
    }

    /// <summary>Writes an archive with CPython's zipfile (see corpus_zip.py).</summary>
    public Task WritePythonZipAsync(string path, IEnumerable<PythonEntry> entries, CancellationToken cancellationToken, bool stream = false, byte[]? comment = null, object? generate = null)
    {
        var spec = new Dictionary<string, object>
        {
            ["path"] = path,
            ["stream"] = stream,
            ["entries"] = entries.Select(e => e.ToSpec()).ToArray(),
        };
        if (comment is not null)
        {
            spec["comment_hex"] = Convert.ToHexString(comment);
        }

        if (generate is not null)
        {
            spec["generate"] = generate;
        }

        return PythonAsync("write", spec, cancellationToken);
    }

    /// <summary>Runs a corpus tool in <paramref name="workingDirectory"/>, or in the workspace root when null.</summary>
    public Task<string> RunAsync(string tool, string? workingDirectory, IEnumerable<string> arguments, string? standardInput = null, CancellationToken cancellationToken = default) =>
        ExternalTool.RunAsync(tool, workingDirectory ?? Root, arguments, standardInput, cancellationToken);

    /// <summary>Runs corpus_zip.py with a JSON spec (see the script's header for the commands).</summary>
    public Task<string> PythonAsync(string command, object spec, CancellationToken cancellationToken) =>
        RunAsync("python3", null, [s_pythonScript, command], JsonSerializer.Serialize(spec), cancellationToken);

    /// <summary>
    /// Deletes the workspace with <c>rm -rf</c>: .NET cannot name files whose names are not UTF-8 (the
    /// GBK and CP437 trees), so Directory.Delete fails on them.
    /// </summary>
    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        await ExternalTool.RunAsync("rm", Path.GetTempPath(), ["-rf", "--", Root]);
    }
}
