using SwRel.Domain.Tickets;
using SwRel.Repository.Layout;
using SwRel.Repository.Tests.Planning;

namespace SwRel.Repository.Tests.Layout;

public sealed class LayoutOverrideTests
{
    private static RepositoryLayout CaLayout()
    {
        var options = new RepositoryLayoutOptions();
        options.Overrides["ca-1"] = new RepositoryLayoutTemplates { Production = "sw/production/cas/1/current" };
        return new RepositoryLayout(options);
    }

    // SPEC §11: "Per-major-release overrides through options (the CA distribution publishes ca-1 at
    // sw/production/cas/1/current)."
    [Fact]
    public void Ca_1_is_published_at_its_fixed_production_folder()
    {
        var layout = CaLayout();
        Assert.Equal("sw/production/cas/1/current", layout.PathOf(RepositoryArea.Production, layout.Place(Descriptors.Argus, MajorRelease.Parse("ca-1"))).Value);
    }

    [Fact]
    public void The_egi_preset_publishes_ca_1_at_its_fixed_folder_without_any_option()
    {
        var layout = new RepositoryLayout();

        Assert.Equal("sw/production/cas/1/current", layout.PathOf(RepositoryArea.Production, layout.Place(Descriptors.Argus, MajorRelease.Parse("ca-1"))).Value);
        Assert.Equal("sw/production/cas/1/current", layout.PathOf(RepositoryArea.Production, layout.Place(Descriptors.Squeeze, MajorRelease.Parse("ca-1"))).Value);
        Assert.Equal("sw/unverified/ca-1.infn.argus.centos7.x86_64/1/7/3", layout.PathOf(RepositoryArea.Unverified, layout.Place(Descriptors.Argus, MajorRelease.Parse("ca-1"))).Value);
    }

    [Fact]
    public void An_option_override_replaces_the_built_in_ca_1_folder()
    {
        var options = new RepositoryLayoutOptions();
        options.Overrides["ca-1"] = new RepositoryLayoutTemplates { Production = "sw/production/trust/{distMajor}" };
        var layout = new RepositoryLayout(options);

        Assert.Equal("sw/production/trust/1", layout.PathOf(RepositoryArea.Production, layout.Place(Descriptors.Argus, MajorRelease.Parse("ca-1"))).Value);
    }

    [Fact]
    public void An_override_replaces_only_what_it_sets()
    {
        var layout = CaLayout();
        var placement = layout.Place(Descriptors.Argus, MajorRelease.Parse("ca-1"));
        Assert.Equal("sw/unverified/ca-1.infn.argus.centos7.x86_64/1/7/3", layout.PathOf(RepositoryArea.Unverified, placement).Value);
    }

    [Fact]
    public void An_override_touches_no_other_major_release()
    {
        var layout = CaLayout();
        Assert.Equal("sw/production/umd/4/centos7/x86_64/updates", layout.PathOf(RepositoryArea.Production, layout.Place(Descriptors.Argus, MajorRelease.Parse("umd-4"))).Value);
    }

    [Fact]
    public void A_production_override_serves_apt_releases_too()
    {
        var layout = CaLayout();
        Assert.Equal("sw/production/cas/1/current", layout.PathOf(RepositoryArea.Production, layout.Place(Descriptors.Squeeze, MajorRelease.Parse("ca-1"))).Value);
    }

    [Fact]
    public void Override_keys_ignore_case()
    {
        var options = new RepositoryLayoutOptions();
        options.Overrides["CA-1"] = new RepositoryLayoutTemplates { Production = "sw/production/cas/{distMajor}/current" };
        var layout = new RepositoryLayout(options);
        Assert.Equal("sw/production/cas/1/current", layout.PathOf(RepositoryArea.Production, layout.Place(Descriptors.Argus, MajorRelease.Parse("ca-1"))).Value);
    }

    [Fact]
    public void Global_templates_replace_the_preset_and_overrides_replace_both()
    {
        var options = new RepositoryLayoutOptions { Templates = { Unverified = "incoming/{majorRelease}/{productShortName:upper}/{version}" } };
        options.Overrides["ca-1"] = new RepositoryLayoutTemplates { Unverified = "incoming-ca/{version}" };
        var layout = new RepositoryLayout(options);
        Assert.Equal("incoming/umd-4/INFN.ARGUS.CENTOS7.X86_64/1.7.3", layout.PathOf(RepositoryArea.Unverified, layout.Place(Descriptors.Argus, MajorRelease.Parse("umd-4"))).Value);
        Assert.Equal("incoming-ca/1.7.3", layout.PathOf(RepositoryArea.Unverified, layout.Place(Descriptors.Argus, MajorRelease.Parse("ca-1"))).Value);
    }

    [Fact]
    public void A_ticket_id_template_needs_the_ticket_id()
    {
        var layout = new RepositoryLayout(new RepositoryLayoutOptions { Templates = { Scratch = "scratch/{ticketId}" } });
        Assert.Equal("scratch/4711", layout.ScratchPath(layout.Place(Descriptors.Argus, MajorRelease.Parse("umd-4"), ticketId: 4711)).Value);
        Assert.Throws<SwRel.Repository.Planning.RepositoryPlanningException>(() => layout.ScratchPath(layout.Place(Descriptors.Argus, MajorRelease.Parse("umd-4"))));
    }
}
