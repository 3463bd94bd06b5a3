using SwRel.Metadata.Releases;

namespace SwRel.Metadata.Tests.Releases;

// Issue: "Beyond the schema: productShortName agrees with TP.product.os.arch and with targetPlatform/targetArch;
// ISODate is a real date; version parts are non-negative integers; URLs are absolute where present."
public sealed class ReleaseContentCheckTests
{
    private static ReleaseMetadataError SingleError(string xml)
    {
        var result = ReleaseDescriptorReader.Parse(xml);
        Assert.False(result.IsValid);
        return Assert.Single(result.Errors, e => e.Severity == ReleaseMetadataSeverity.Error);
    }

    private static ReleaseMetadataError SingleWarning(string xml)
    {
        var result = ReleaseDescriptorReader.Parse(xml);
        Assert.True(result.IsValid, string.Join("\n", result.Errors));
        return Assert.Single(result.Errors);
    }

    private static ReleaseDescriptor Valid(string xml)
    {
        var result = ReleaseDescriptorReader.Parse(xml);
        Assert.True(result.IsValid, string.Join("\n", result.Errors));
        return result.Descriptor;
    }

    [Theory]
    [InlineData("20180230")]
    [InlineData("2018035")]
    [InlineData("2018-03-05")]
    [InlineData("")]
    public void An_ISODate_that_is_not_a_real_date_is_only_a_warning(string date)
    {
        // SPEC §8: a field the repository only displays is a warning; the date orders nothing.
        var error = SingleWarning(ReleaseTestData.ArgusWith("<release:ISODate>20180305</release:ISODate>", $"<release:ISODate>{date}</release:ISODate>"));

        Assert.Equal((11, 3), (error.Line, error.Column));
        Assert.Contains("yyyyMMdd", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("-1", "not a non-negative integer")]
    [InlineData("1.0", "not a non-negative integer")]
    [InlineData("+2", "not a non-negative integer")]
    [InlineData("99999999999", "too large")]
    public void A_version_part_that_is_not_a_non_negative_integer_is_an_error(string value, string why)
    {
        var error = SingleError(ReleaseTestData.NrmsWith("<RevisionVersion>1</RevisionVersion>", $"<RevisionVersion>{value}</RevisionVersion>"));

        Assert.Equal(16, error.Line);
        Assert.Contains($"RevisionVersion '{value}' is {why}", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Version_parts_may_carry_surrounding_whitespace()
    {
        var d = Valid(ReleaseTestData.ArgusWith("<release:majorVersion>1</release:majorVersion>", "<release:majorVersion>\n\t\t1\n\t</release:majorVersion>"));

        Assert.Equal(1, d.MajorVersion);
    }

    [Fact]
    public void A_platform_that_disagrees_with_productShortName_is_an_error()
    {
        var error = SingleError(ReleaseTestData.ArgusWith("<UMDmeta:targetPlatform>centos7</UMDmeta:targetPlatform>", "<UMDmeta:targetPlatform>sl6</UMDmeta:targetPlatform>"));

        Assert.Equal(4, error.Line);
        Assert.Contains("names platform 'centos7' but UMDmeta:targetPlatform is 'sl6'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_architecture_that_disagrees_with_productShortName_is_an_error()
    {
        var error = SingleError(ReleaseTestData.ArgusWith("<UMDmeta:targetArch>x86_64</UMDmeta:targetArch>", "<UMDmeta:targetArch>noarch</UMDmeta:targetArch>"));

        Assert.Contains("names architecture 'x86_64' but UMDmeta:targetArch is 'noarch'", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("argus")]
    [InlineData("INFN.argus.centos7")]
    [InlineData("INFN..centos7.x86_64")]
    public void A_productShortName_not_of_the_form_TP_product_os_arch_is_an_error(string name)
    {
        var error = SingleError(ReleaseTestData.ArgusWith("<release:productShortName>INFN.argus.centos7.x86_64</release:productShortName>", $"<release:productShortName>{name}</release:productShortName>"));

        Assert.Contains("TP.product.os.arch", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Case_differences_in_productShortName_are_accepted()
    {
        var d = Valid(ReleaseTestData.ArgusWith("<release:productShortName>INFN.argus.centos7.x86_64</release:productShortName>", "<release:productShortName>infn.argus.CentOS7.x86_64</release:productShortName>"));

        Assert.Equal("infn.argus.CentOS7.x86_64", d.ProductShortName);
    }

    [Fact]
    public void A_technology_provider_that_disagrees_with_productShortName_is_only_a_warning()
    {
        var result = ReleaseDescriptorReader.Parse(ReleaseTestData.ArgusWith("<release:technologyProviderShortName>INFN</release:technologyProviderShortName>", "<release:technologyProviderShortName>CERN</release:technologyProviderShortName>"));

        Assert.True(result.IsValid);
        Assert.Equal(ReleaseMetadataSeverity.Warning, Assert.Single(result.Errors).Severity);
    }

    [Theory]
    [InlineData("<release:synchURL>n/a</release:synchURL>", "<release:synchURL>/srv/repo/argus</release:synchURL>", "synchURL")]
    [InlineData("url=\"https://example.org/argus/argus-pap-1.7.3-1.el7.centos.noarch.rpm\"", "url=\"argus-pap-1.7.3-1.el7.centos.noarch.rpm\"", "package url")]
    public void A_relative_url_to_fetch_from_is_an_error(string oldText, string newText, string field)
    {
        var error = SingleError(ReleaseTestData.ArgusWith(oldText, newText));

        Assert.StartsWith($"{field} '", error.Message, StringComparison.Ordinal);
        Assert.Contains("not an absolute URL", error.Message, StringComparison.Ordinal);
    }

    // SPEC §8: "Real descriptors that the EGI repository accepted carry such free text ("EMI", "no documentation
    // available"): they must validate, with warnings."
    [Theory]
    [InlineData("argus-documentation.readthedocs.io")]
    [InlineData("EMI")]
    [InlineData("no documentation available")]
    [InlineData("SAM probes for update 23")]
    public void A_documentation_link_that_is_free_text_is_only_a_warning(string text)
    {
        var xml = ReleaseTestData.ArgusWith("<release:documentationLink>https://argus-documentation.readthedocs.io/</release:documentationLink>", $"<release:documentationLink>{text}</release:documentationLink>");

        var warning = SingleWarning(xml);

        Assert.Equal(ReleaseMetadataSeverity.Warning, warning.Severity);
        Assert.Equal((10, 3), (warning.Line, warning.Column));
        Assert.StartsWith($"documentationLink '{text}' is not a URL", warning.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_package_url_that_is_not_used_because_a_synch_url_is_given_is_only_a_warning()
    {
        var xml = ReleaseTestData.ArgusWith("<release:synchURL>n/a</release:synchURL>", "<release:synchURL>https://example.org/argus/</release:synchURL>")
            .Replace("url=\"https://example.org/argus/argus-pap-1.7.3-1.el7.centos.noarch.rpm\"", "url=\"argus-pap.rpm\"", StringComparison.Ordinal);

        var warning = SingleWarning(xml);

        Assert.Equal(ReleaseMetadataSeverity.Warning, warning.Severity);
        Assert.Contains("package url 'argus-pap.rpm' is not an absolute URL; it is not used", warning.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Strict_mode_turns_a_warning_into_an_error()
    {
        var xml = ReleaseTestData.ArgusWith("<release:documentationLink>https://argus-documentation.readthedocs.io/</release:documentationLink>", "<release:documentationLink>EMI</release:documentationLink>");

        var result = ReleaseDescriptorReader.Parse(xml, new ReleaseReaderOptions { Strict = true });

        Assert.False(result.IsValid);
        var error = Assert.Single(result.Errors);
        Assert.Equal(ReleaseMetadataSeverity.Error, error.Severity);
        Assert.StartsWith("documentationLink 'EMI'", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("<release:synchURL>n/a</release:synchURL>", "<release:synchURL/>")]
    [InlineData("<release:synchURL>n/a</release:synchURL>", "<release:synchURL>N/A</release:synchURL>")]
    [InlineData("<release:synchURL>n/a</release:synchURL>", "<release:synchURL>repo.example.org::umd/argus</release:synchURL>")]
    [InlineData("<release:documentationLink>https://argus-documentation.readthedocs.io/</release:documentationLink>", "<release:documentationLink></release:documentationLink>")]
    [InlineData("url=\"https://example.org/argus/argus-pap-1.7.3-1.el7.centos.noarch.rpm\"", "url=\"\"")]
    public void Absent_urls_are_accepted(string oldText, string newText) =>
        Valid(ReleaseTestData.ArgusWith(oldText, newText));

    [Fact]
    public void Empty_optional_text_is_accepted()
    {
        var xml = ReleaseTestData.ArgusWith("<release:description>Argus authorization service</release:description>", "<release:description/>")
            .Replace("<release:contact>argus-support@example.org</release:contact>", "<release:contact></release:contact>", StringComparison.Ordinal)
            .Replace("<release:releaseNotes>Bug fixes for the PAP and PDP services.</release:releaseNotes>", "<release:releaseNotes>  </release:releaseNotes>", StringComparison.Ordinal)
            .Replace("<UMDmeta:capability>Authorisation</UMDmeta:capability>", "<UMDmeta:capability/>", StringComparison.Ordinal);

        var d = Valid(xml);

        Assert.Equal("", d.Description);
        Assert.Equal("", d.Contact);
        Assert.Equal("", d.ReleaseNotes);
        Assert.Empty(d.Capabilities);
    }

    [Fact]
    public void Gpgcheck_and_gpgkey_may_be_present_and_children_may_come_in_any_order()
    {
        var d = Valid(ReleaseTestData.ArgusWith(
            "<repofile:protect>1</repofile:protect>",
            "<repofile:gpgkey>https://example.org/RPM-GPG-KEY</repofile:gpgkey><repofile:protect>1</repofile:protect><repofile:gpgcheck>1</repofile:gpgcheck>"));

        var entry = Assert.Single(d.RepoFile!.Entries);
        Assert.Equal("1", entry.GpgCheck);
        Assert.Equal("https://example.org/RPM-GPG-KEY", entry.GpgKey);
    }

    [Fact]
    public void A_deb_repository_with_several_capabilities_and_cdata_release_notes_is_read()
    {
        var xml = """
            <?xml version="1.0" ?>
            <release:release xmlns:UMDmeta="http://repo.egi.eu/0.2/UMDmeta" xmlns:release="http://repo.egi.eu/0.2/release" xmlns:repofile="http://repo.egi.eu/0.2/repofile" xmlns:repository="http://repo.egi.eu/0.2/repository" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:noNamespaceSchemaLocation="release.xsd">
            	<release:productName>frontier-squid</release:productName>
            	<release:productShortName>CERN.frontier-squid.ubuntu-xenial.amd64</release:productShortName>
            	<release:technologyProvider>CERN</release:technologyProvider>
            	<release:technologyProviderShortName>CERN</release:technologyProviderShortName>
            	<release:contact/>
            	<release:technicalContact/>
            	<release:description>Squid for Frontier &amp; CVMFS</release:description>
            	<release:documentationLink>n/a</release:documentationLink>
            	<release:ISODate>20200229</release:ISODate>
            	<release:incremental>false</release:incremental>
            	<release:emergency>false</release:emergency>
            	<release:majorVersion>4</release:majorVersion>
            	<release:minorVersion>0</release:minorVersion>
            	<release:revisionVersion>0</release:revisionVersion>
            	<release:releaseNotes><![CDATA[<h1>Notes</h1> & more]]> and &lt;escaped&gt; text</release:releaseNotes>
            	<release:changeLog/>
            	<release:synchProtocol>deb</release:synchProtocol>
            	<release:synchURL>n/a</release:synchURL>
            	<UMDmeta:UMDmeta>
            		<UMDmeta:targetPlatform>ubuntu-xenial</UMDmeta:targetPlatform>
            		<UMDmeta:targetArch>amd64</UMDmeta:targetArch>
            		<UMDmeta:capability>Cache</UMDmeta:capability>
            		<UMDmeta:capability>Proxy</UMDmeta:capability>
            		<UMDmeta:packages>
            			<UMDmeta:package arch="amd64" filename="frontier-squid_4.0-1_amd64.deb" pkgname="frontier-squid" pkgtype="metapackage" release="1" url="https://example.org/frontier-squid_4.0-1_amd64.deb" version="4.0"/>
            		</UMDmeta:packages>
            	</UMDmeta:UMDmeta>
            	<repository:debRepository external="false" id="CERN.frontier-squid.ubuntu-xenial.amd64" path="/"/>
            	<repofile:debRepofile filename="CERN.frontier-squid.ubuntu-xenial.amd64.list" relativePath="repofiles">
            		<repofile:debRepository>
            			<repofile:repoid>CERN.frontier-squid.ubuntu-xenial.amd64</repofile:repoid>
            			<repofile:type>deb</repofile:type>
            			<repofile:baseUrl type="relative">/</repofile:baseUrl>
            			<repofile:entry>./</repofile:entry>
            		</repofile:debRepository>
            	</repofile:debRepofile>
            </release:release>
            """;

        var d = Valid(xml);

        Assert.Equal(["Cache", "Proxy"], d.Capabilities.ToArray());
        Assert.Equal("<h1>Notes</h1> & more and <escaped> text", d.ReleaseNotes);
        Assert.Equal(RepositoryFamily.Apt, Assert.Single(d.Repositories).Family);
        Assert.Equal(new RepoFileEntry("CERN.frontier-squid.ubuntu-xenial.amd64", "/", "relative", Type: "deb", Entry: "./"), Assert.Single(d.RepoFile!.Entries));
        Assert.False(d.Incremental);
        Assert.Equal(["n/a"], d.DocumentationLinks.ToArray());
    }

    [Fact]
    public void An_empty_incremental_flag_is_a_warning_and_reads_as_not_given()
    {
        var result = ReleaseDescriptorReader.Parse(ReleaseTestData.ArgusWith("<release:incremental>true</release:incremental>", "<release:incremental/>"));

        Assert.True(result.IsValid);
        Assert.Null(result.Descriptor.Incremental);
        Assert.Equal(ReleaseMetadataSeverity.Warning, Assert.Single(result.Errors).Severity);
    }

    [Fact]
    public void An_incremental_flag_that_is_not_a_boolean_is_an_error()
    {
        var error = SingleError(ReleaseTestData.ArgusWith("<release:incremental>true</release:incremental>", "<release:incremental>yes</release:incremental>"));

        Assert.Contains("incremental 'yes' must be true or false", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_external_flag_is_read_in_any_case_and_an_odd_one_is_a_warning()
    {
        var d = Valid(ReleaseTestData.ArgusWith("external=\"false\"", "external=\"True\""));
        var error = SingleWarning(ReleaseTestData.ArgusWith("external=\"false\"", "external=\"maybe\""));

        Assert.True(d.Repositories[0].External);
        Assert.Equal(30, error.Line);
        Assert.Equal(ReleaseMetadataSeverity.Warning, error.Severity);
        Assert.Contains("external 'maybe' must be true or false", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_nrms_repository_type_other_than_yum_or_apt_is_an_error()
    {
        var error = SingleError(ReleaseTestData.NrmsWith("<Type>YUM</Type>", "<Type>ZYPPER</Type>"));

        Assert.Equal(25, error.Line);
        Assert.Contains("neither YUM nor APT", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Content_checks_can_be_switched_off()
    {
        var xml = ReleaseTestData.ArgusWith("<UMDmeta:targetArch>x86_64</UMDmeta:targetArch>", "<UMDmeta:targetArch>noarch</UMDmeta:targetArch>");

        var result = ReleaseDescriptorReader.Parse(xml, new ReleaseReaderOptions { CheckContent = false });

        Assert.True(result.IsValid);
    }

    [Fact]
    public void An_unknown_element_is_named_with_its_prefix_not_its_namespace_uri()
    {
        var error = SingleError(ReleaseTestData.ArgusWith("<release:contact>", "<release:contactEmail>x</release:contactEmail><release:contact>"));

        Assert.Contains("'release:contactEmail'", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("http://", error.Message, StringComparison.Ordinal);
    }
}
