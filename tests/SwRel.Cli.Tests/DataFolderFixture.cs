namespace SwRel.Cli.Tests;

/// <summary>A temporary data folder for the operator commands, removed afterwards.</summary>
internal sealed class DataFolderFixture : IDisposable
{
    public string Path { get; } = Directory.CreateTempSubdirectory("swrel-data-").FullName;

    public ToolRun Run(params string[] args) => ToolRunner.Run([.. args, "--data-dir", Path]);

    public string Write(string name, string content)
    {
        var file = System.IO.Path.Combine(Path, name);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(file)!);
        File.WriteAllText(file, content);
        return file;
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(Path, recursive: true);
    }
}
