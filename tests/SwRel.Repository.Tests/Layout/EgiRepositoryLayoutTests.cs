using SwRel.Domain.Tickets;
using SwRel.Metadata.Releases;
using SwRel.Repository.Layout;
using SwRel.Repository.Planning;
using SwRel.Repository.Tests.Planning;

namespace SwRel.Repository.Tests.Layout;

public sealed class EgiRepositoryLayoutTests
{
    private static readonly RepositoryLayout s_layout = new();

    private static string PathOf(RepositoryArea area, ReleaseDescriptor descriptor, string majorRelease, ReleaseType? type = null) =>
        s_layout.PathOf(area, s_layout.Place(descriptor, MajorRelease.Parse(majorRelease), type)).Value;

    // SPEC §11: Unverified: sw/unverified/{majorRelease}.{productShortName, lower case}/{major}/{minor}/{revision}
    //   — sw/unverified/umd-4.infn.argus.centos7.x86_64/1/7/3
    [Fact]
    public void Argus_1_7_3_of_umd_4_is_unverified_at_the_real_path()
    {
        Assert.Equal("sw/unverified/umd-4.infn.argus.centos7.x86_64/1/7/3", PathOf(RepositoryArea.Unverified, Descriptors.Argus, "umd-4"));
    }

    // SPEC §11: "with the repo file at repofiles/INFN.argus.centos7.x86_64.repo below it".
    [Fact]
    public void The_repo_file_keeps_its_case_below_the_release()
    {
        var placement = s_layout.Place(Descriptors.Argus, MajorRelease.Parse("umd-4"));
        var area = s_layout.PathOf(RepositoryArea.Unverified, placement);
        Assert.Equal(
            "sw/unverified/umd-4.infn.argus.centos7.x86_64/1/7/3/repofiles/INFN.argus.centos7.x86_64.repo",
            s_layout.RepoFilePath(area, placement).Value);
    }

    [Fact]
    public void An_apt_release_without_a_repo_file_gets_a_list_file()
    {
        var descriptor = Descriptors.Squeeze with { RepoFile = null };
        var placement = s_layout.Place(descriptor, MajorRelease.Parse("umd-3"));
        var area = s_layout.PathOf(RepositoryArea.Unverified, placement);
        Assert.EndsWith("/repofiles/dCache.dcache-server.debian-squeeze.x86_64.list", s_layout.RepoFilePath(area, placement).Value, StringComparison.Ordinal);
    }

    // SPEC §11: StageRollout: sw/stagerollout/{majorRelease}.{productShortName, lower case}/{major}/{minor}/{revision}.
    [Fact]
    public void Stage_rollout_mirrors_the_unverified_path()
    {
        Assert.Equal("sw/stagerollout/umd-4.infn.argus.centos7.x86_64/1/7/3", PathOf(RepositoryArea.StageRollout, Descriptors.Argus, "umd-4"));
    }

    // SPEC §11: Production, yum platforms: sw/production/{distribution}/{distMajor}/{platform}/{arch}/{base|updates}
    //   — sw/production/umd/4/sl6/x86_64/updates
    [Fact]
    public void An_incremental_sl6_release_goes_to_umd_4_updates()
    {
        Assert.Equal("sw/production/umd/4/sl6/x86_64/updates", PathOf(RepositoryArea.Production, Descriptors.Sl6, "umd-4"));
    }

    [Fact]
    public void A_non_incremental_release_goes_to_base()
    {
        Assert.Equal("sw/production/umd/4/centos7/x86_64/base", PathOf(RepositoryArea.Production, Descriptors.Argus with { Incremental = false }, "umd-4"));
    }

    [Fact]
    public void The_ticket_release_type_overrides_the_descriptor()
    {
        Assert.Equal("sw/production/umd/4/centos7/x86_64/base", PathOf(RepositoryArea.Production, Descriptors.Argus, "umd-4", ReleaseType.NonIncremental));
    }

    // SPEC §11: Production, apt platforms: sw/production/{distribution}/{distMajor}/{family}/dists/{codename}[-updates]/main/binary-{arch}
    //   — sw/production/umd/3/debian/dists/squeeze/main/binary-amd64 (base)
    [Fact]
    public void A_non_incremental_squeeze_release_goes_to_the_real_apt_base_path()
    {
        Assert.Equal("sw/production/umd/3/debian/dists/squeeze/main/binary-amd64", PathOf(RepositoryArea.Production, Descriptors.Squeeze, "umd-3"));
    }

    [Fact]
    public void An_incremental_squeeze_release_goes_to_squeeze_updates()
    {
        Assert.Equal(
            "sw/production/umd/3/debian/dists/squeeze-updates/main/binary-amd64",
            PathOf(RepositoryArea.Production, Descriptors.Squeeze, "umd-3", ReleaseType.Incremental));
    }

    // SPEC §11: …/dists/xenial-updates/main/binary-amd64 (updates).
    [Fact]
    public void An_ubuntu_xenial_update_goes_to_xenial_updates()
    {
        var descriptor = Descriptors.Squeeze with { TargetPlatform = "ubuntu-xenial", Incremental = true };
        Assert.Equal("sw/production/umd/4/ubuntu/dists/xenial-updates/main/binary-amd64", PathOf(RepositoryArea.Production, descriptor, "umd-4"));
    }

    // SPEC §11: "A descriptor's repository element (yum or deb) decides the family; without one, the platform name does."
    [Fact]
    public void A_yum_repository_element_wins_over_a_debian_platform_name()
    {
        var descriptor = Descriptors.Argus with { TargetPlatform = "debian-squeeze", Incremental = false };
        Assert.Equal("sw/production/umd/3/debian-squeeze/x86_64/base", PathOf(RepositoryArea.Production, descriptor, "umd-3"));
    }

    [Fact]
    public void Without_a_repository_element_a_debian_platform_name_means_apt()
    {
        var descriptor = Descriptors.Squeeze with { Repositories = [], RepoFile = null, TargetPlatform = "debian-wheezy" };
        Assert.Equal("sw/production/umd/3/debian/dists/wheezy/main/binary-amd64", PathOf(RepositoryArea.Production, descriptor, "umd-3"));
    }

    [Fact]
    public void Without_a_repository_element_other_platform_names_mean_yum()
    {
        var descriptor = Descriptors.Sl6 with { Repositories = [], RepoFile = null };
        Assert.Equal("sw/production/umd/4/sl6/x86_64/updates", PathOf(RepositoryArea.Production, descriptor, "umd-4"));
    }

    [Theory]
    [InlineData("debian6", "debian", "squeeze")]
    [InlineData("debian-7", "debian", "wheezy")]
    [InlineData("Debian-Squeeze", "debian", "squeeze")]
    [InlineData("ubuntu1604", "ubuntu", "xenial")]
    [InlineData("ubuntu-bionic", "ubuntu", "bionic")]
    [InlineData("jessie", "debian", "jessie")]
    public void Debian_platform_names_give_a_family_and_a_codename(string platform, string family, string codename)
    {
        var descriptor = Descriptors.Squeeze with { TargetPlatform = platform };
        Assert.Equal($"sw/production/umd/3/{family}/dists/{codename}/main/binary-amd64", PathOf(RepositoryArea.Production, descriptor, "umd-3"));
    }

    // docs/layouts.md: for apt, x86_64 → amd64, i386..i686 → i386, noarch/all → all, aarch64 → arm64.
    [Theory]
    [InlineData("x86_64", "amd64")]
    [InlineData("amd64", "amd64")]
    [InlineData("i686", "i386")]
    [InlineData("i386", "i386")]
    [InlineData("noarch", "all")]
    [InlineData("all", "all")]
    [InlineData("aarch64", "arm64")]
    public void Apt_architectures_take_their_debian_names(string targetArch, string debian)
    {
        var descriptor = Descriptors.Squeeze with { TargetArch = targetArch };
        Assert.EndsWith($"/binary-{debian}", PathOf(RepositoryArea.Production, descriptor, "umd-3"), StringComparison.Ordinal);
    }

    [Fact]
    public void Yum_architectures_are_kept_as_written()
    {
        var descriptor = Descriptors.Sl6 with { TargetArch = "i686" };
        Assert.Equal("sw/production/umd/4/sl6/i686/updates", PathOf(RepositoryArea.Production, descriptor, "umd-4"));
    }

    // SPEC §11: cmd-os-1 → distribution cmd-os, major 1.
    [Fact]
    public void A_dashed_distribution_splits_at_its_last_dash()
    {
        Assert.Equal("sw/production/cmd-os/1/centos7/x86_64/updates", PathOf(RepositoryArea.Production, Descriptors.Argus, "cmd-os-1"));
    }

    [Fact]
    public void A_production_path_without_a_target_platform_names_the_missing_field()
    {
        var descriptor = Descriptors.Argus with { TargetPlatform = null };
        var error = Assert.Throws<RepositoryPlanningException>(() => PathOf(RepositoryArea.Production, descriptor, "umd-4"));
        Assert.Contains("targetPlatform", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_apt_platform_without_a_codename_is_a_clear_error()
    {
        var descriptor = Descriptors.Squeeze with { TargetPlatform = "sid-experimental" };
        var error = Assert.Throws<RepositoryPlanningException>(() => PathOf(RepositoryArea.Production, descriptor, "umd-3"));
        Assert.Contains("sid-experimental", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("INFN/../../etc")]
    [InlineData("a b")]
    [InlineData("")]
    public void A_product_short_name_that_is_not_one_segment_is_refused(string name)
    {
        var descriptor = Descriptors.Argus with { ProductShortName = name };
        Assert.Throws<RepositoryPlanningException>(() => PathOf(RepositoryArea.Unverified, descriptor, "umd-4"));
    }

    [Fact]
    public void A_repo_file_name_that_escapes_the_release_is_refused()
    {
        var descriptor = Descriptors.Argus with { RepoFile = Descriptors.Argus.RepoFile! with { RelativePath = "../../.." } };
        var placement = s_layout.Place(descriptor, MajorRelease.Parse("umd-4"));
        Assert.Throws<RepositoryPlanningException>(() => s_layout.RepoFilePath(s_layout.PathOf(RepositoryArea.Unverified, placement), placement));
    }

    // SPEC §15: "The repo files written for the release (.repo, .list) point at the area and enable signature checks."
    [Fact]
    public void The_yum_repo_file_points_at_the_release_folder_and_turns_signature_checks_on()
    {
        var placement = s_layout.Place(Descriptors.Argus, MajorRelease.Parse("umd-4"));
        var area = s_layout.PathOf(RepositoryArea.Unverified, placement);
        Assert.Equal(
            "[INFN.argus.centos7.x86_64]\n" +
            "name=INFN.argus.centos7.x86_64\n" +
            "baseurl=https://repository.egi.eu/sw/unverified/umd-4.infn.argus.centos7.x86_64/1/7/3/\n" +
            "enabled=1\n" +
            "priority=1\n" +
            "gpgcheck=1\n" +
            "repo_gpgcheck=1\n" +
            "gpgkey=https://repository.egi.eu/keys/RPM-GPG-KEY-swrel\n" +
            "protect=1\n",
            s_layout.RepoFileContent(area, placement));
    }

    [Fact]
    public void A_provider_repo_file_that_turns_signature_checks_off_is_written_with_them_on()
    {
        var entry = Descriptors.Argus.RepoFile!.Entries[0] with { GpgCheck = "0", GpgKey = "http://provider.example.org/key" };
        var descriptor = Descriptors.Argus with { RepoFile = Descriptors.Argus.RepoFile with { Entries = [entry] } };
        var placement = s_layout.Place(descriptor, MajorRelease.Parse("umd-4"));

        var text = s_layout.RepoFileContent(s_layout.PathOf(RepositoryArea.Unverified, placement), placement);

        Assert.Contains("gpgcheck=1\nrepo_gpgcheck=1\ngpgkey=https://repository.egi.eu/keys/RPM-GPG-KEY-swrel\n", text, StringComparison.Ordinal);
        Assert.DoesNotContain("provider.example.org", text, StringComparison.Ordinal);
    }

    [Fact]
    public void The_apt_list_file_is_one_signed_by_deb_line()
    {
        var placement = s_layout.Place(Descriptors.Squeeze, MajorRelease.Parse("umd-3"));
        var area = s_layout.PathOf(RepositoryArea.StageRollout, placement);
        Assert.Equal(
            "deb [signed-by=/etc/apt/keyrings/swrel-archive-keyring.gpg] https://repository.egi.eu/sw/stagerollout/umd-3.dcache.dcache-server.debian-squeeze.x86_64/2/2/10/ ./\n",
            s_layout.RepoFileContent(area, placement));
    }

    // Property: whatever a descriptor holds, a layout path is either a valid repository path or a typed error.
    [FsCheck.Xunit.Property]
    public bool Any_product_short_name_gives_a_valid_path_or_a_planning_error(string? name)
    {
        var descriptor = Descriptors.Argus with { ProductShortName = name ?? "" };
        try
        {
            var path = PathOf(RepositoryArea.Unverified, descriptor, "umd-4");
            return RepositoryPath.TryParse(path, out var parsed, out _) && !parsed.IsRoot;
        }
        catch (RepositoryPlanningException)
        {
            return true;
        }
    }
}
