namespace OssUnzip.Benchmarks;

/// <summary>Finds the repository (the folder holding OssUnzip.sln) from the current directory or the binaries.</summary>
internal static class RepositoryRoot
{
    public static string Find()
    {
        foreach (var start in new[] { Environment.CurrentDirectory, AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "OssUnzip.sln")))
                {
                    return dir.FullName;
                }
            }
        }

        throw new InvalidOperationException("OssUnzip.sln not found above " + Environment.CurrentDirectory + " or " + AppContext.BaseDirectory);
    }
}
