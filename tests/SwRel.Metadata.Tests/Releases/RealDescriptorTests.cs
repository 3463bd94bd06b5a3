using SwRel.Metadata.Releases;

namespace SwRel.Metadata.Tests.Releases;

// SPEC §8: "Real descriptors that the EGI repository accepted carry such free text ("EMI", "no documentation
// available"): they must validate, with warnings. A strict mode turns warnings into errors."
public sealed class RealDescriptorTests
{
    public static TheoryData<string, string> FreeTextDescriptors => new()
    {
        { "EMI.emi-ui.sl6.x86_64-3.0.2.xml", "documentationLink 'EMI' is not a URL" },
        { "CERN.sam-probes.sl6.x86_64-0.23.0.xml", "documentationLink 'SAM probes for update 23' is not a URL" },
        { "EUGridPMA.ca-policy-egi-core.debian-squeeze.all-1.98.0.xml", "documentationLink 'no documentation available' is not a URL" },
    };

    [Theory]
    [MemberData(nameof(FreeTextDescriptors))]
    public void A_descriptor_the_repository_accepted_validates_with_a_warning_for_its_free_text(string file, string warning)
    {
        var result = ReleaseDescriptorReader.ReadFile(ReleaseTestData.PathOf(file));

        Assert.True(result.IsValid, string.Join("\n", result.Errors));
        var only = Assert.Single(result.Errors);
        Assert.Equal(ReleaseMetadataSeverity.Warning, only.Severity);
        Assert.Equal(10, only.Line);
        Assert.StartsWith(warning, only.Message, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(FreeTextDescriptors))]
    public void In_strict_mode_the_same_descriptor_is_invalid(string file, string warning)
    {
        var result = ReleaseDescriptorReader.ReadFile(ReleaseTestData.PathOf(file), new ReleaseReaderOptions { Strict = true });

        Assert.False(result.IsValid);
        Assert.Equal(ReleaseMetadataSeverity.Error, Assert.Single(result.Errors, e => e.Message.StartsWith(warning, StringComparison.Ordinal)).Severity);
    }

    [Fact]
    public void A_release_fetched_package_by_package_keeps_each_package_url_and_file_name()
    {
        var d = ReleaseDescriptorReader.ReadFile(ReleaseTestData.PathOf("EMI.emi-ui.sl6.x86_64-3.0.2.xml")).GetDescriptorOrThrow();

        Assert.Equal("n/a", d.SynchUrl);
        Assert.Equal(3, d.Packages.Length);
        Assert.All(d.Packages, p => Assert.EndsWith("/" + p.FileName, p.Url, StringComparison.Ordinal));
    }
}
