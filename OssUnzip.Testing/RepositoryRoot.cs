namespace OssUnzip.Testing;

/// <summary>
/// The repository checkout the tests or the benchmark run from: the nearest directory holding
/// OssUnzip.sln above the binaries (or, failing that, above the current directory). Repository files
/// (deployment files, tools/s3rver, the event pattern) are read from there, never copied.
/// </summary>
public static class RepositoryRoot
{
    private const string SolutionFileName = "OssUnzip.sln";

    private static readonly Lazy<string> s_path = new(Find);

    public static string Path => s_path.Value;

    /// <summary>tools/s3rver: serve.js and the pinned s3rver it launches.</summary>
    public static string S3rverTool => Combine("tools", "s3rver");

    public static string Combine(params string[] relativeParts) =>
        System.IO.Path.Combine([Path, .. relativeParts]);

    public static string ReadAllText(params string[] relativeParts) =>
        File.ReadAllText(Combine(relativeParts));

    private static string Find()
    {
        foreach (var start in new[] { AppContext.BaseDirectory, Environment.CurrentDirectory })
        {
            for (var directory = new DirectoryInfo(start); directory is not null; directory = directory.Parent)
            {
                if (File.Exists(System.IO.Path.Combine(directory.FullName, SolutionFileName)))
                {
                    return directory.FullName;
                }
            }
        }

        throw new InvalidOperationException(
            $"No {SolutionFileName} above {AppContext.BaseDirectory} or {Environment.CurrentDirectory}; run from a repository checkout.");
    }
}
