namespace SwRel.Cli.Tests;

// swrel serve reads its layout with the same reader as swrel plan --layout-config, before it starts.
public sealed class ServeLayoutSettingsTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("swrel-serve-layout-settings-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void A_layout_file_that_is_missing_or_wrong_names_the_setting_the_file_and_the_field()
    {
        var missing = Path.Combine(_folder, "missing.json");
        var run = ToolRunner.Run("serve", "--data-dir", _folder, "--layout-config", missing);

        Assert.Equal(1, run.ExitCode);
        Assert.Contains($"Setting Layout:ConfigFile (--layout-config {missing}: no such file.)", run.Error, StringComparison.Ordinal);

        File.WriteAllText(Path.Combine(_folder, "layout.json"), """{"preset": "Somewhere"}""");
        File.WriteAllText(Path.Combine(_folder, "appsettings.json"), """{"Layout": {"ConfigFile": "layout.json"}}""");
        run = ToolRunner.Run("serve", "--data-dir", _folder);

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("Setting Layout:ConfigFile", run.Error, StringComparison.Ordinal);
        Assert.Contains("preset 'Somewhere' must be EgiRepository or Nrms2010.", run.Error, StringComparison.Ordinal);
        Assert.Contains(Path.Combine(_folder, "layout.json"), run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_public_address_that_is_not_absolute_names_the_setting_and_the_flag()
    {
        var run = ToolRunner.Run("serve", "--data-dir", _folder, "--public-base-url", "mirror/egi");

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("Setting Layout:PublicBaseUrl (--public-base-url): RepositoryLayoutOptions.PublicBaseUrl: 'mirror/egi' must be an absolute http, https, ftp or file URL.", run.Error, StringComparison.Ordinal);
    }
}
