namespace OssUnzip.Function.Tests.Deployment;

/// <summary>
/// Locates the repository checkout the tests run from: the nearest directory above the
/// test assembly that holds OssUnzip.sln. Deployment files are read from there, never copied.
/// </summary>
internal static class RepositoryRoot
{
    private const string SolutionFileName = "OssUnzip.sln";

    private static readonly Lazy<string> s_path = new(Find);

    public static string Path => s_path.Value;

    public static string Combine(params string[] relativeParts) =>
        System.IO.Path.Combine([Path, .. relativeParts]);

    public static string ReadAllText(params string[] relativeParts) =>
        File.ReadAllText(Combine(relativeParts));

    private static string Find()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(directory.FullName, SolutionFileName)))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException(
            $"No {SolutionFileName} above {AppContext.BaseDirectory}; the tests must run from a repository checkout.");
    }
}
