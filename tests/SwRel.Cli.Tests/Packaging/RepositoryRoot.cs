namespace SwRel.Tests;

/// <summary>Finds the checkout the tests were built from.</summary>
/// <remarks>Shared: SwRel.Domain.Tests and SwRel.Repository.Tests compile this file too, through a linked <c>Compile</c> item.</remarks>
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
