namespace OssUnzip.S3rver;

/// <summary>What to start: where tools/s3rver is, where it keeps its data, and who hears its output.</summary>
/// <param name="ToolDirectory">tools/s3rver of this repository: serve.js and its npm-installed node_modules.</param>
/// <param name="DataDirectory">Where s3rver keeps buckets and objects; created if missing. A restart on it keeps them.</param>
public sealed record S3rverStartInfo(string ToolDirectory, string DataDirectory)
{
    /// <summary>The port on 127.0.0.1; 0 lets the OS choose a free one.</summary>
    public int Port { get; init; }

    /// <summary>Buckets created at start (s3rver keeps existing ones in the data directory).</summary>
    public IReadOnlyList<string> Buckets { get; init; } = [];

    /// <summary>Receives each S3 event record s3rver reports (its JSON, unparsed); when null they are dropped.</summary>
    public Action<string>? OnEventRecord { get; init; }

    /// <summary>Receives the server's stderr and any stdout line that is not part of the protocol; when null they are dropped.</summary>
    public Action<string>? OnLog { get; init; }
}
