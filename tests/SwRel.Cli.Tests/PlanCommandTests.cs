using System.Text.Json;

namespace SwRel.Cli.Tests;

public sealed class PlanCommandTests : IDisposable
{
    // A copy of the shared example INFN.argus.centos7.x86_64-1.7.3.xml (repo.egi.eu 0.2 dialect).
    private const string Argus = """"
        <?xml version="1.0" ?>
        <release:release xmlns:UMDmeta="http://repo.egi.eu/0.2/UMDmeta" xmlns:release="http://repo.egi.eu/0.2/release" xmlns:repofile="http://repo.egi.eu/0.2/repofile" xmlns:repository="http://repo.egi.eu/0.2/repository" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:noNamespaceSchemaLocation="release.xsd">
        	<release:productName>argus</release:productName>
        	<release:productShortName>INFN.argus.centos7.x86_64</release:productShortName>
        	<release:technologyProvider>INFN</release:technologyProvider>
        	<release:technologyProviderShortName>INFN</release:technologyProviderShortName>
        	<release:contact>argus-support@example.org</release:contact>
        	<release:technicalContact>argus-support@example.org</release:technicalContact>
        	<release:description>Argus authorization service</release:description>
        	<release:documentationLink>https://argus-documentation.readthedocs.io/</release:documentationLink>
        	<release:ISODate>20180305</release:ISODate>
        	<release:incremental>true</release:incremental>
        	<release:emergency>false</release:emergency>
        	<release:majorVersion>1</release:majorVersion>
        	<release:minorVersion>7</release:minorVersion>
        	<release:revisionVersion>3</release:revisionVersion>
        	<release:releaseNotes>Bug fixes for the PAP and PDP services.</release:releaseNotes>
        	<release:changeLog>https://github.com/argus-authz/argus-pdp/blob/1.7.3/CHANGELOG</release:changeLog>
        	<release:synchProtocol>yum</release:synchProtocol>
        	<release:synchURL>n/a</release:synchURL>
        	<UMDmeta:UMDmeta>
        		<UMDmeta:targetPlatform>centos7</UMDmeta:targetPlatform>
        		<UMDmeta:targetArch>x86_64</UMDmeta:targetArch>
        		<UMDmeta:capability>Authorisation</UMDmeta:capability>
        		<UMDmeta:packages>
        			<UMDmeta:package arch="noarch" filename="argus-pap-1.7.3-1.el7.centos.noarch.rpm" pkgname="argus-pap" pkgtype="metapackage" release="1" url="https://example.org/argus/argus-pap-1.7.3-1.el7.centos.noarch.rpm" version="1.7.3"/>
        			<UMDmeta:package arch="x86_64" filename="argus-pdp-1.7.3-1.el7.centos.x86_64.rpm" pkgname="argus-pdp" pkgtype="metapackage" release="1" url="https://example.org/argus/argus-pdp-1.7.3-1.el7.centos.x86_64.rpm" version="1.7.3"/>
        		</UMDmeta:packages>
        	</UMDmeta:UMDmeta>
        	<repository:yumRepository external="false" id="INFN.argus.centos7.x86_64" path="/"/>
        	<repofile:yumRepofile filename="INFN.argus.centos7.x86_64.repo" relativePath="repofiles">
        		<repofile:yumRepository>
        			<repofile:repoid>INFN.argus.centos7.x86_64</repofile:repoid>
        			<repofile:id>INFN.argus.centos7.x86_64</repofile:id>
        			<repofile:name>INFN.argus.centos7.x86_64</repofile:name>
        			<repofile:baseUrl type="relative">/</repofile:baseUrl>
        			<repofile:enabled>1</repofile:enabled>
        			<repofile:priority>1</repofile:priority>
        			<repofile:protect>1</repofile:protect>
        		</repofile:yumRepository>
        	</repofile:yumRepofile>
        </release:release>
        """";

    // A copy of the shared example nrms-minimal.xml (NRMS 2010 dialect).
    private const string Nrms = """"
        <?xml version="1.0" encoding="UTF-8"?>
        <Release>
           <DistributionName>European Middleware Initiative</DistributionName>
           <DistributionShortName>EMI</DistributionShortName>
           <TechnologyProvider>EMI</TechnologyProvider>
           <Contact>email@email.com</Contact>
           <Description>Yet another glite release</Description>
           <Keywords>gLite</Keywords>
           <DocumentationLinks>
              <DocumentationLink>http://somewhere.org</DocumentationLink>
              <DocumentationLink>http://elsewhere.org</DocumentationLink>
           </DocumentationLinks>
           <ISODate>20100610</ISODate>
           <MajorVersion>3</MajorVersion>
           <MinorVersion>2</MinorVersion>
           <RevisionVersion>1</RevisionVersion>
           <ReleaseNotes>Release Notes Text</ReleaseNotes>
           <ChangeLog>Change Log Text</ChangeLog>
           <SynchProtocol>rsync</SynchProtocol>
           <SynchURL>rsync://repository.example.org/emi/3.2.1/</SynchURL>
           <Repositories>
              <Repository>
                 <Identifier>glite-UI</Identifier>
                 <Name>gLite 3.2 User Interface</Name>
                 <Type>YUM</Type>
                 <RelativePath>sl5/noarch/RPMS.release/</RelativePath>
                 <GroupFile>sl5/noarch/RPMS.release/repodata/comps.xml</GroupFile>
                 <RepoFileLocation>repofiles/</RepoFileLocation>
              </Repository>
           </Repositories>
        </Release>
        """";

    private readonly string _folder = Directory.CreateTempSubdirectory("swrel-plan-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private string Write(string name, string content)
    {
        var path = Path.Combine(_folder, name);
        File.WriteAllText(path, content);
        return path;
    }

    private string ArgusFile => Write("INFN.argus.centos7.x86_64-1.7.3.xml", Argus);

    private string NrmsFile => Write("nrms-minimal.xml", Nrms);

    // SPEC §11: sw/unverified/umd-4.infn.argus.centos7.x86_64/1/7/3, repo file at repofiles/INFN.argus.centos7.x86_64.repo.
    [Fact]
    public void Submitted_to_Unverified_prints_the_intake_plan_at_the_real_path()
    {
        var run = ToolRunner.Run("plan", ArgusFile, "--major-release", "umd-4", "--transition", "Submitted:Unverified",
            "--sync-url", "rsync://provider.example.org/argus/1.7.3/");

        Assert.Equal(ExitCodes.Ok, run.ExitCode);
        Assert.Contains("Submitted -> Unverified: target sw/unverified/umd-4.infn.argus.centos7.x86_64/1/7/3", run.Output, StringComparison.Ordinal);
        Assert.Contains("write-repo-file sw/unverified/umd-4.infn.argus.centos7.x86_64/1/7/3/repofiles/INFN.argus.centos7.x86_64.repo", run.Output, StringComparison.Ordinal);
        Assert.Contains("fetch rsync rsync://provider.example.org/argus/1.7.3/", run.Output, StringComparison.Ordinal);
    }

    // SPEC §13: "base or updates follows the descriptor's incremental (NRMS: --release-type, which also overrides)".
    [Theory]
    [InlineData(null, "sw/production/umd/4/centos7/x86_64/updates")]
    [InlineData("NonIncremental", "sw/production/umd/4/centos7/x86_64/base")]
    [InlineData("incremental", "sw/production/umd/4/centos7/x86_64/updates")]
    public void The_production_folder_follows_incremental_unless_a_release_type_is_given(string? releaseType, string target)
    {
        string[] args = ["plan", ArgusFile, "-m", "umd-4", "-t", "StageRollout:Production", "--format", "json"];
        if (releaseType is not null)
        {
            args = [.. args, "--release-type", releaseType];
        }

        var run = ToolRunner.Run(args);

        Assert.Equal(ExitCodes.Ok, run.ExitCode);
        using var json = JsonDocument.Parse(run.Output);
        var plan = Assert.Single(json.RootElement.EnumerateArray().ToList());
        Assert.Equal(target, plan.GetProperty("target").GetString());
        Assert.EndsWith("INFN.argus.centos7.x86_64-1.7.3.xml", plan.GetProperty("file").GetString(), StringComparison.Ordinal);
        Assert.Equal("promote", plan.GetProperty("steps")[0].GetProperty("kind").GetString());
        Assert.True(plan.GetProperty("steps")[0].GetProperty("merge").GetBoolean());
        Assert.Equal(
            ["repofiles", "repodata", "checksums.meta4"],
            plan.GetProperty("steps")[0].GetProperty("exclude").EnumerateArray().Select(e => e.GetString()));
    }

    // The production merge leaves the release's own repo files, index and manifest out of the shared folder.
    [Fact]
    public void A_production_plan_shows_what_the_merge_leaves_out()
    {
        var run = ToolRunner.Run("plan", ArgusFile, "-m", "umd-4", "-t", "StageRollout:Production");

        Assert.Equal(ExitCodes.Ok, run.ExitCode);
        Assert.Contains(
            "promote sw/stagerollout/umd-4.infn.argus.centos7.x86_64/1/7/3 -> sw/production/umd/4/centos7/x86_64/updates (merge, excluding repofiles, repodata, checksums.meta4)",
            run.Output,
            StringComparison.Ordinal);
    }

    [Fact]
    public void Json_output_has_one_object_per_file_and_reads_back_as_plans()
    {
        var run = ToolRunner.Run("plan", ArgusFile, NrmsFile, "-m", "umd-4", "-t", "Deferred:StageRollout", "--format", "json");

        Assert.Equal(ExitCodes.Ok, run.ExitCode);
        var plans = SwRel.Repository.Planning.RepositoryPlanJson.ParseAll(run.Output);
        Assert.Equal(2, plans.Length);
        Assert.Equal("sw/stagerollout/umd-4.infn.argus.centos7.x86_64/1/7/3", plans[0].Target?.Value);
        Assert.Equal("sw/stagerollout/EMI/3.2.1", plans[1].Target?.Value);
    }

    [Fact]
    public void A_release_leaving_the_workflow_has_a_null_target()
    {
        var run = ToolRunner.Run("plan", ArgusFile, "-m", "umd-4", "-t", "StageRollout:NotPublished", "--format", "json");

        Assert.Equal(ExitCodes.Ok, run.ExitCode);
        using var json = JsonDocument.Parse(run.Output);
        Assert.Equal(JsonValueKind.Null, json.RootElement[0].GetProperty("target").ValueKind);
    }

    [Fact]
    public void An_nrms_descriptor_uses_its_own_synch_url_for_the_fetch()
    {
        var run = ToolRunner.Run("plan", NrmsFile, "-m", "emi-3", "-t", "Submitted:Unverified");

        Assert.Equal(ExitCodes.Ok, run.ExitCode);
        Assert.Contains("fetch rsync rsync://repository.example.org/emi/3.2.1/", run.Output, StringComparison.Ordinal);
        Assert.Contains("target sw/unverified/EMI/3.2.1", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void A_fetch_without_a_sync_url_fails_naming_the_file()
    {
        var run = ToolRunner.Run("plan", ArgusFile, "-m", "umd-4", "-t", "Submitted:Unverified");

        Assert.Equal(ExitCodes.Invalid, run.ExitCode);
        Assert.Contains("INFN.argus.centos7.x86_64-1.7.3.xml: ", run.Error, StringComparison.Ordinal);
        Assert.Contains("SyncURL", run.Error, StringComparison.Ordinal);
    }

    // SPEC §2.1: "Everything not in the table is refused".
    [Fact]
    public void A_transition_outside_the_table_is_refused()
    {
        var run = ToolRunner.Run("plan", ArgusFile, "-m", "umd-4", "-t", "StageRollout:InVerification");

        Assert.Equal(ExitCodes.Invalid, run.ExitCode);
        Assert.Contains("not in the transition table", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_retry_needs_and_uses_the_failed_transition()
    {
        var run = ToolRunner.Run("plan", ArgusFile, "-m", "umd-4", "-t", "Failed:Production", "--failed-transition", "StageRollout:Production");

        Assert.Equal(ExitCodes.Ok, run.ExitCode);
        Assert.Contains("Failed -> Production: target sw/production/umd/4/centos7/x86_64/updates", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void An_invalid_release_xml_is_reported_with_file_line_and_column()
    {
        var bad = Write("bad.xml", "<Release><DistributionName>x</DistributionName></Release>");

        var run = ToolRunner.Run("plan", bad, ArgusFile, "-m", "umd-4", "-t", "StageRollout:Production", "--format", "json");

        Assert.Equal(ExitCodes.Invalid, run.ExitCode);
        Assert.Matches(@"bad\.xml:\d+:\d+: ", run.Error);
        using var json = JsonDocument.Parse(run.Output);
        Assert.Single(json.RootElement.EnumerateArray().ToList());
    }

    [Fact]
    public void A_missing_file_is_an_error_without_a_stack_trace()
    {
        var run = ToolRunner.Run("plan", Path.Combine(_folder, "absent.xml"), "-m", "umd-4", "-t", "StageRollout:Production");

        Assert.Equal(ExitCodes.Invalid, run.ExitCode);
        Assert.Contains("absent.xml", run.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", run.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--transition", "StageRollout-Production")]
    [InlineData("--transition", "Staged:Production")]
    [InlineData("--major-release", "umd")]
    [InlineData("--release-type", "Delta")]
    [InlineData("--preset", "Debian")]
    public void Bad_options_are_usage_errors(string option, string value)
    {
        string[] args = ["plan", ArgusFile, "-m", "umd-4", "-t", "StageRollout:Production"];
        args = option switch
        {
            "--transition" => ["plan", ArgusFile, "-m", "umd-4", option, value],
            "--major-release" => ["plan", ArgusFile, "-t", "StageRollout:Production", option, value],
            _ => [.. args, option, value],
        };

        var run = ToolRunner.Run(args);

        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        Assert.Contains(value, run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Missing_required_options_are_usage_errors()
    {
        var run = ToolRunner.Run("plan", ArgusFile);

        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        Assert.Contains("--major-release", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void The_nrms_preset_can_be_chosen()
    {
        var run = ToolRunner.Run("plan", ArgusFile, "-m", "umd-4", "-t", "InVerification:Rejected", "--preset", "Nrms2010");

        Assert.Equal(ExitCodes.Ok, run.ExitCode);
        Assert.Contains("remove sw/unverified/INFN.argus.centos7.x86_64/1.7.3", run.Output, StringComparison.Ordinal);
    }
}
