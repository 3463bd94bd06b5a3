using System.Text.Json;

namespace SwRel.Cli.Tests;

public sealed class ReleasesCommandTests : IDisposable
{
    private readonly DataFolderFixture _data = new();
    private readonly string _root = Directory.CreateTempSubdirectory("swrel-tree-").FullName;

    public void Dispose()
    {
        _data.Dispose();
        Directory.Delete(_root, recursive: true);
    }

    private static string ArgusXml => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "TestData", "Releases", "INFN.argus.centos7.x86_64-1.7.3.xml"));

    private void Put(string relative, string content)
    {
        var file = Path.Combine(_root, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        File.WriteAllText(file, content);
    }

    // SPEC §11 (EgiRepository layout) and §12.1: the catalogue is filled from a tree that holds years of releases.
    [Fact]
    public void Importing_a_tree_catalogues_each_release_by_its_release_xml_or_its_folder()
    {
        Put("sw/unverified/umd-4.infn.argus.centos7.x86_64/1/7/3/release.xml", ArgusXml);
        Put("sw/unverified/umd-4.infn.argus.centos7.x86_64/1/7/3/a.rpm", "rpm");
        Put("sw/stagerollout/umd-5.cern.fts.el9.x86_64/3/2/0/fts.rpm", "rpm");
        // An older release of the same product, published before: in production, merged into the shared folder.
        Put("sw/production/umd/4/centos7/x86_64/updates/release.xml", ArgusXml.Replace("<release:minorVersion>7<", "<release:minorVersion>6<", StringComparison.Ordinal));
        Put("sw/production/umd/4/centos7/x86_64/updates/other.rpm", "rpm");

        var import = ToolRunner.Run("releases", "import", _root, "--data-dir", _data.Path);
        var all = JsonDocument.Parse(_data.Run("releases", "list", "--format", "json").Output).RootElement;

        Assert.Equal(ExitCodes.Ok, import.ExitCode);
        Assert.Contains("imported 3 releases", import.Output, StringComparison.Ordinal);
        var byArea = all.EnumerateArray().ToDictionary(e => e.GetProperty("area").GetString()!);
        Assert.Equal(3, byArea.Count);
        Assert.Equal("INFN.argus.centos7.x86_64", byArea["unverified"].GetProperty("product").GetString());
        Assert.Equal("1.7.3", byArea["unverified"].GetProperty("version").GetString());
        Assert.Equal("umd-4", byArea["unverified"].GetProperty("majorRelease").GetString());
        Assert.Equal("sw/unverified/umd-4.infn.argus.centos7.x86_64/1/7/3", byArea["unverified"].GetProperty("path").GetString());
        Assert.Equal(JsonValueKind.Null, byArea["unverified"].GetProperty("ticket").ValueKind);
        Assert.Equal("cern.fts.el9.x86_64", byArea["stagerollout"].GetProperty("product").GetString());
        Assert.Equal("3.2.0", byArea["stagerollout"].GetProperty("version").GetString());
        Assert.Equal("umd-5", byArea["stagerollout"].GetProperty("majorRelease").GetString());
        Assert.Equal("umd-4", byArea["production"].GetProperty("majorRelease").GetString());
        Assert.Equal("1.6.3", byArea["production"].GetProperty("version").GetString());
        Assert.Equal("sw/production/umd/4/centos7/x86_64/updates", byArea["production"].GetProperty("path").GetString());
    }

    [Fact]
    public void The_list_filters_by_area_and_major_release_and_prints_a_table()
    {
        Put("sw/unverified/umd-4.infn.argus.centos7.x86_64/1/7/3/a.rpm", "rpm");
        Put("sw/stagerollout/umd-5.cern.fts.el9.x86_64/3/2/0/fts.rpm", "rpm");
        Assert.Equal(ExitCodes.Ok, ToolRunner.Run("releases", "import", _root, "--data-dir", _data.Path).ExitCode);

        var stage = _data.Run("releases", "list", "--area", "stagerollout");
        var umd4 = _data.Run("releases", "list", "--major-release", "umd-4");
        var none = _data.Run("releases", "list", "--area", "production");
        var bad = _data.Run("releases", "list", "--area", "attic");

        Assert.Matches(@"^AREA +MAJOR +PRODUCT +VERSION +TICKET +VERIFIED +SINCE \(UTC\) +PATH\r?\nstagerollout +umd-5 +cern\.fts\.el9\.x86_64 +3\.2\.0 +- +no +", stage.Output);
        Assert.DoesNotContain("umd-4", stage.Output, StringComparison.Ordinal);
        Assert.Contains("sw/unverified/umd-4.infn.argus.centos7.x86_64/1/7/3", umd4.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("umd-5", umd4.Output, StringComparison.Ordinal);
        Assert.Equal("No release matches.", none.Output.Trim());
        Assert.Equal(ExitCodes.Usage, bad.ExitCode);
        Assert.Contains("--area must be unverified, stagerollout or production, not 'attic'", bad.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Importing_an_empty_tree_leaves_an_empty_catalogue_that_lists_nothing()
    {
        var import = ToolRunner.Run("releases", "import", _root, "--data-dir", _data.Path);
        var list = _data.Run("releases", "list");

        Assert.Contains("imported 0 releases", import.Output, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.Ok, list.ExitCode);
        Assert.Equal("No release matches.", list.Output.Trim());
    }

    [Fact]
    public void A_broken_release_xml_is_reported_with_its_line_and_the_folder_name_is_used()
    {
        Put("sw/unverified/umd-4.infn.argus.centos7.x86_64/1/7/3/release.xml", "<release>");

        var import = ToolRunner.Run("releases", "import", _root, "--data-dir", _data.Path);

        Assert.Equal(ExitCodes.Invalid, import.ExitCode);
        Assert.Matches(@"sw/unverified/umd-4\.infn\.argus\.centos7\.x86_64/1/7/3/release\.xml:\d+:\d+: ", import.Error);
        Assert.Contains("imported 1 release ", import.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void A_link_in_the_tree_is_refused_rather_than_followed()
    {
        var outside = Directory.CreateTempSubdirectory("swrel-outside-").FullName;
        try
        {
            Directory.CreateDirectory(Path.Combine(_root, "sw"));
            Directory.CreateSymbolicLink(Path.Combine(_root, "sw", "unverified"), outside);

            var import = ToolRunner.Run("releases", "import", _root, "--data-dir", _data.Path);

            Assert.Equal(ExitCodes.Invalid, import.ExitCode);
            Assert.Contains("sw/unverified", import.Error, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(outside);
        }
    }
}
