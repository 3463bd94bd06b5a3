using SwRel.Metadata.Releases;

namespace SwRel.Metadata.Tests.Releases;

// A repo.egi.eu 0.2 document's reader takes the known names from one shared, read-only set and keeps the rest in a
// table of its own: names must stay atomized (one instance per name) and concurrent documents must not interfere.
public sealed class DocumentNameTableTests
{
    [Fact]
    public void A_known_name_is_the_shared_instance_whichever_way_it_is_asked_for()
    {
        var a = new DocumentNameTable(ReleaseSchemas.Names);
        var b = new DocumentNameTable(ReleaseSchemas.Names);
        var chars = "xxproductShortNamexx".ToCharArray();

        var fromChars = a.Add(chars, 2, "productShortName".Length);

        Assert.Equal("productShortName", fromChars);
        Assert.Same(fromChars, a.Add(new string("productShortName".AsSpan())));
        Assert.Same(fromChars, b.Get("productShortName"));
        Assert.Same(fromChars, b.Get(chars, 2, "productShortName".Length));
        Assert.Same(a.Add(ReleaseSchemas.ReleaseNamespace), b.Add(new string(ReleaseSchemas.ReleaseNamespace.AsSpan())));
    }

    [Fact]
    public void An_unknown_name_is_atomized_in_the_document_s_own_table_only()
    {
        var a = new DocumentNameTable(ReleaseSchemas.Names);
        var b = new DocumentNameTable(ReleaseSchemas.Names);

        Assert.Null(a.Get("size0"));
        var first = a.Add("size0".ToCharArray(), 0, 5);

        Assert.Same(first, a.Add(new string("size0".AsSpan())));
        Assert.Same(first, a.Get("size0"));
        Assert.Null(b.Get("size0"));
        Assert.Same(string.Empty, a.Add(""));
        Assert.Same(string.Empty, a.Add([], 0, 0));
    }

    [Fact]
    public void The_shared_set_holds_every_declared_element_and_attribute()
    {
        foreach (var name in (string[])["release", "productShortName", "UMDmeta", "package", "pkgname", "url", "yumRepository", "baseUrl", "gpgkey", "external"])
        {
            Assert.Equal(name, ReleaseSchemas.Names.Find(name));
        }

        Assert.Null(ReleaseSchemas.Names.Find("notAName"));
    }

    [Fact]
    public void Documents_read_concurrently_give_the_same_descriptor_as_one_read_alone()
    {
        var xml = ReleaseTestData.Text(ReleaseTestData.Argus);
        var alone = ReleaseDescriptorReader.Parse(xml).Descriptor;
        Assert.NotNull(alone);

        var results = new ReleaseDescriptor?[400];
        Parallel.For(0, results.Length, new ParallelOptions { MaxDegreeOfParallelism = 8 }, i =>
        {
            // Every other document carries names of its own, which go into that document's table.
            var text = i % 2 == 0 ? xml : xml.Replace("<UMDmeta:package arch=\"noarch\"", $"<UMDmeta:package extra{i}=\"x\" arch=\"noarch\"", StringComparison.Ordinal);
            results[i] = ReleaseDescriptorReader.Parse(text).Descriptor;
        });

        Assert.All(results, d => Assert.Equal(alone, d));
    }
}
