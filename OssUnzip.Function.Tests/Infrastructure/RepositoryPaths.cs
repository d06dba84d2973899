namespace OssUnzip.Function.Tests.Infrastructure;

/// <summary>Locates files of this repository from the test binaries (walks up to OssUnzip.sln).</summary>
internal static class RepositoryPaths
{
    public static string Root { get; } = FindRoot();

    public static string Combine(params string[] parts) => Path.Combine([Root, .. parts]);

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "OssUnzip.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("OssUnzip.sln not found above " + AppContext.BaseDirectory);
    }
}
