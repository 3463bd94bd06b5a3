using SwRel.Metadata.Releases;

namespace SwRel.Metadata.Tests.Releases;

// The streaming parser keeps an element's first text node as read, the attributes of an element in a small array and
// its open elements in arrays that grow with the nesting: these tests hold the shapes that take the less usual paths.
public sealed class ReleaseParserShapeTests
{
    private static ReleaseDescriptor Valid(string xml)
    {
        var result = ReleaseDescriptorReader.Parse(xml);
        Assert.True(result.IsValid, string.Join("\n", result.Errors));
        return result.Descriptor!;
    }

    [Fact]
    public void Text_split_by_a_comment_and_a_cdata_section_is_read_whole()
    {
        var d = Valid(ReleaseTestData.ArgusWith(
            "<release:description>Argus authorization service</release:description>",
            "<release:description> Argus<!-- split --> authorization<![CDATA[ <service>]]> </release:description>"));

        Assert.Equal("Argus authorization <service>", d.Description);
    }

    [Fact]
    public void The_text_of_one_element_does_not_leak_into_the_next()
    {
        var d = Valid(ReleaseTestData.ArgusWith(
            "<release:description>Argus authorization service</release:description>",
            "<release:description>Argus<!-- split --> authorization</release:description>"));

        Assert.Equal("Argus authorization", d.Description);
        Assert.Equal("INFN.argus.centos7.x86_64", d.ProductShortName);
        Assert.Equal("argus-support@example.org", d.Contact);
    }

    [Fact]
    public void A_package_with_many_extra_attributes_keeps_every_known_one()
    {
        var extra = string.Concat(Enumerable.Range(0, 40).Select(i => $" size{i}=\"{i}\""));
        var d = Valid(ReleaseTestData.ArgusWith("<UMDmeta:package arch=\"noarch\"", "<UMDmeta:package" + extra + " arch=\"noarch\""));

        var pap = d.Packages[0];
        Assert.Equal(("argus-pap", "1.7.3", "1", "noarch", "metapackage"), (pap.Name, pap.Version, pap.Release, pap.Arch, pap.PackageType));
        Assert.Equal("https://example.org/argus/argus-pap-1.7.3-1.el7.centos.noarch.rpm", pap.Url);
    }

    [Fact]
    public void Extra_attributes_after_the_known_ones_do_not_hide_them()
    {
        var extra = string.Concat(Enumerable.Range(0, 40).Select(i => $" z{i}=\"{i}\""));
        const string pdpEnd = "x86_64.rpm\" version=\"1.7.3\"/>";
        var d = Valid(ReleaseTestData.ArgusWith(pdpEnd, "x86_64.rpm\" version=\"1.7.3\"" + extra + "/>"));

        var pdp = d.Packages[1];
        Assert.Equal(("argus-pdp", "1.7.3", "x86_64"), (pdp.Name, pdp.Version, pdp.Arch));
    }

    [Theory]
    [InlineData(10)]
    [InlineData(31)]
    [InlineData(33)]
    public void Nesting_deeper_than_the_schema_allows_is_an_error_not_an_exception(int depth)
    {
        var nested = string.Concat(Enumerable.Repeat("<release:x>", depth)) + string.Concat(Enumerable.Repeat("</release:x>", depth));
        var result = ReleaseDescriptorReader.Parse(ReleaseTestData.ArgusWith(
            "<release:description>Argus authorization service</release:description>",
            "<release:description>Argus authorization service</release:description>" + nested));

        Assert.False(result.IsValid);
        Assert.Contains(result.Errors, e => e.Severity == ReleaseMetadataSeverity.Error && e.Line == 9);
    }
}
