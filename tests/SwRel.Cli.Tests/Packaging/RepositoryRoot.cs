namespace SwRel.Cli.Tests.Packaging;

/// <summary>Finds the checkout the tests were built from.</summary>
internal static class RepositoryRoot
{
    public static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "SwRel.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"No SwRel.sln above {AppContext.BaseDirectory}.");
    }
}
