using SwRel.Domain.Tickets;
using SwRel.Repository.Layout;
using SwRel.Repository.Tests.Planning;

namespace SwRel.Repository.Tests.Layout;

public sealed class Nrms2010LayoutTests
{
    // SPEC §11: Preset Nrms2010: sw/{area}/{DistributionShortName}/{Version}, as in the wiki
    // ("/sw/unverified/<DistributionShortName>/<Version>/").
    [Theory]
    [InlineData(RepositoryArea.Unverified, "sw/unverified/EMI/3.2.1")]
    [InlineData(RepositoryArea.StageRollout, "sw/stagerollout/EMI/3.2.1")]
    [InlineData(RepositoryArea.Production, "sw/production/EMI/3.2.1")]
    public void The_nrms_preset_follows_the_wiki(RepositoryArea area, string expected)
    {
        var layout = new RepositoryLayout(new RepositoryLayoutOptions { Preset = RepositoryLayoutPreset.Nrms2010 });
        Assert.Equal(expected, layout.PathOf(area, layout.Place(Descriptors.Nrms, MajorRelease.Parse("emi-3"))).Value);
    }

    [Fact]
    public void The_egi_preset_lays_out_nrms_descriptors_as_the_wiki_does()
    {
        var layout = new RepositoryLayout();
        Assert.Equal("sw/unverified/EMI/3.2.1", layout.PathOf(RepositoryArea.Unverified, layout.Place(Descriptors.Nrms, MajorRelease.Parse("emi-3"))).Value);
    }

    [Fact]
    public void The_nrms_preset_applies_to_0_2_descriptors_too()
    {
        var layout = new RepositoryLayout(new RepositoryLayoutOptions { Preset = RepositoryLayoutPreset.Nrms2010 });
        Assert.Equal(
            "sw/unverified/INFN.argus.centos7.x86_64/1.7.3",
            layout.PathOf(RepositoryArea.Unverified, layout.Place(Descriptors.Argus, MajorRelease.Parse("umd-4"))).Value);
    }

    [Fact]
    public void The_nrms_repo_file_goes_to_its_repo_file_location()
    {
        var layout = new RepositoryLayout();
        var placement = layout.Place(Descriptors.Nrms, MajorRelease.Parse("emi-3"));
        var area = layout.PathOf(RepositoryArea.Unverified, placement);
        Assert.Equal("sw/unverified/EMI/3.2.1/repofiles/EMI.repo", layout.RepoFilePath(area, placement).Value);
        Assert.Contains("baseurl=https://repository.egi.eu/sw/unverified/EMI/3.2.1/sl5/noarch/RPMS.release/\n", layout.RepoFileContent(area, placement), StringComparison.Ordinal);
    }

    // SPEC §3: ReleaseType default NonIncremental, configurable; NRMS descriptors carry no `incremental`.
    [Fact]
    public void Nrms_releases_take_the_configured_default_release_type()
    {
        var layout = new RepositoryLayout(new RepositoryLayoutOptions { DefaultReleaseType = ReleaseType.Incremental });
        Assert.Equal(ReleaseType.Incremental, layout.Place(Descriptors.Nrms, MajorRelease.Parse("emi-3")).ReleaseType);
        Assert.Equal(ReleaseType.NonIncremental, new RepositoryLayout().Place(Descriptors.Nrms, MajorRelease.Parse("emi-3")).ReleaseType);
    }
}
