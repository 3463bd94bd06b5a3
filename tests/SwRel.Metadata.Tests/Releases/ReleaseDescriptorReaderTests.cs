using System.Text;
using SwRel.Metadata.Releases;

namespace SwRel.Metadata.Tests.Releases;

public sealed class ReleaseDescriptorReaderTests
{
    private static string Describe(ReleaseReadResult result) => string.Join(Environment.NewLine, result.Errors);

    // SPEC §8: "Both files in examples/ ... must parse and validate."
    [Fact]
    public void The_repo_egi_example_validates_and_maps_every_field()
    {
        var result = ReleaseDescriptorReader.ReadFile(ReleaseTestData.PathOf(ReleaseTestData.Argus));

        Assert.True(result.IsValid, Describe(result));
        Assert.Empty(result.Errors);
        var d = result.Descriptor;
        Assert.Equal(ReleaseDialect.RepoEgi02, d.Dialect);
        Assert.Equal("argus", d.ProductName);
        Assert.Equal("INFN.argus.centos7.x86_64", d.ProductShortName);
        Assert.Equal("INFN", d.TechnologyProvider);
        Assert.Equal("INFN", d.TechnologyProviderShortName);
        Assert.Equal("argus-support@example.org", d.TechnicalContact);
        Assert.Equal(["https://argus-documentation.readthedocs.io/"], d.DocumentationLinks.ToArray());
        Assert.Equal(new DateOnly(2018, 3, 5), d.ReleaseDate);
        Assert.Equal("1.7.3", d.Version);
        Assert.True(d.Incremental);
        Assert.False(d.Emergency);
        Assert.Equal("n/a", d.SynchUrl);
        Assert.Equal("centos7", d.TargetPlatform);
        Assert.Equal("x86_64", d.TargetArch);
        Assert.Equal(["Authorisation"], d.Capabilities.ToArray());
        Assert.Equal(2, d.Packages.Length);
        Assert.Equal(new ReleasePackage("argus-pdp", "1.7.3", "1", "x86_64", "argus-pdp-1.7.3-1.el7.centos.x86_64.rpm", "https://example.org/argus/argus-pdp-1.7.3-1.el7.centos.x86_64.rpm", "metapackage"), d.Packages[1]);
        Assert.Equal([new ReleaseRepository(RepositoryFamily.Yum, "INFN.argus.centos7.x86_64", "/")], d.Repositories.ToArray());
        var repoFile = Assert.IsType<ReleaseRepoFile>(d.RepoFile);
        Assert.Equal(RepositoryFamily.Yum, repoFile.Family);
        Assert.Equal("INFN.argus.centos7.x86_64.repo", repoFile.FileName);
        Assert.Equal("repofiles", repoFile.RelativePath);
        var entry = Assert.Single(repoFile.Entries);
        Assert.Equal(new RepoFileEntry("INFN.argus.centos7.x86_64", "/", "relative", "INFN.argus.centos7.x86_64", "INFN.argus.centos7.x86_64", "1", "1", null, null, "1"), entry);
    }

    // SPEC §8: "Both files in examples/ ... must parse and validate."
    [Fact]
    public void The_nrms_example_validates_against_the_embedded_dtd()
    {
        var result = ReleaseDescriptorReader.ReadFile(ReleaseTestData.PathOf(ReleaseTestData.NrmsMinimal));

        Assert.True(result.IsValid, Describe(result));
        Assert.Empty(result.Errors);
        var d = result.Descriptor;
        Assert.Equal(ReleaseDialect.Nrms2010, d.Dialect);
        Assert.Equal("European Middleware Initiative", d.ProductName);
        Assert.Equal("EMI", d.ProductShortName);
        Assert.Equal("gLite", d.Keywords);
        Assert.Equal(["http://somewhere.org", "http://elsewhere.org"], d.DocumentationLinks.ToArray());
        Assert.Equal("3.2.1", d.Version);
        Assert.Null(d.Incremental);
        Assert.Equal("rsync://repository.example.org/emi/3.2.1/", d.SynchUrl);
        var repository = Assert.Single(d.Repositories);
        Assert.Equal(new ReleaseRepository(RepositoryFamily.Yum, "glite-UI", "sl5/noarch/RPMS.release/", "gLite 3.2 User Interface", false, "sl5/noarch/RPMS.release/repodata/comps.xml", "repofiles/"), repository);
    }

    [Fact]
    public void Reading_from_a_string_a_stream_and_a_file_gives_the_same_descriptor()
    {
        var path = ReleaseTestData.PathOf(ReleaseTestData.Argus);
        var fromFile = ReleaseDescriptorReader.ReadFile(path).GetDescriptorOrThrow();
        var fromString = ReleaseDescriptorReader.Parse(File.ReadAllText(path)).GetDescriptorOrThrow();
        using var stream = new MemoryStream(File.ReadAllBytes(path));
        var fromStream = ReleaseDescriptorReader.Read(stream).GetDescriptorOrThrow();

        Assert.Equal(fromFile, fromString);
        Assert.Equal(fromFile, fromStream);
    }

    [Fact]
    public async Task ReadAsync_gives_the_same_descriptor_as_Read()
    {
        var path = ReleaseTestData.PathOf(ReleaseTestData.NrmsMinimal);
        var result = await ReleaseDescriptorReader.ReadFileAsync(path);

        Assert.Equal(ReleaseDescriptorReader.ReadFile(path).Descriptor, result.Descriptor);
    }

    [Fact]
    public void A_missing_required_element_is_reported_with_its_line_and_column()
    {
        var xml = ReleaseTestData.ArgusWith("\t<release:productShortName>INFN.argus.centos7.x86_64</release:productShortName>\n", "");

        var result = ReleaseDescriptorReader.Parse(xml);

        Assert.False(result.IsValid);
        Assert.Null(result.Descriptor);
        var error = Assert.Single(result.Errors);
        Assert.Equal(4, error.Line);
        Assert.Contains("productShortName", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("http://repo.egi.eu", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_nrms_element_out_of_order_is_reported_by_the_dtd()
    {
        var xml = ReleaseTestData.NrmsWith("<Keywords>gLite</Keywords>", "").Replace("<ISODate>", "<Keywords>gLite</Keywords><ISODate>", StringComparison.Ordinal);

        var result = ReleaseDescriptorReader.Parse(xml);

        Assert.False(result.IsValid);
        Assert.Contains(result.Errors, e => e.Line == 9 && e.Column == 5 && e.Message.Contains("invalid child element 'DocumentationLinks'", StringComparison.Ordinal));
    }

    [Fact]
    public void Nrms_columns_on_the_root_line_are_those_of_the_file_as_written()
    {
        // The embedded DTD is inserted before the root element; positions must not move.
        var result = ReleaseDescriptorReader.Parse("<?xml version=\"1.0\"?><Release><Foo/></Release>");

        Assert.Contains(result.Errors, e => (e.Line, e.Column) == (1, 32) && e.Message.Contains("'Foo'", StringComparison.Ordinal));
    }

    [Fact]
    public void Every_error_is_reported_not_only_the_first()
    {
        var xml = ReleaseTestData.ArgusWith("<release:ISODate>20180305</release:ISODate>", "<release:ISODate>20181305</release:ISODate>")
            .Replace("<release:majorVersion>1</release:majorVersion>", "<release:majorVersion>-1</release:majorVersion>", StringComparison.Ordinal)
            .Replace("<release:minorVersion>7</release:minorVersion>", "<release:minorVersion>seven</release:minorVersion>", StringComparison.Ordinal);

        var result = ReleaseDescriptorReader.Parse(xml);

        Assert.False(result.IsValid);
        Assert.Equal(3, result.Errors.Count);
        Assert.Contains(result.Errors, e => e.Line == 11 && e.Column == 3 && e.Message.Contains("not a real date", StringComparison.Ordinal));
        Assert.Contains(result.Errors, e => e.Line == 14 && e.Message.Contains("majorVersion '-1'", StringComparison.Ordinal));
        Assert.Contains(result.Errors, e => e.Line == 15 && e.Message.Contains("minorVersion 'seven'", StringComparison.Ordinal));
    }

    [Fact]
    public void GetDescriptorOrThrow_throws_a_typed_exception_with_the_first_location()
    {
        var xml = ReleaseTestData.ArgusWith("<release:minorVersion>7</release:minorVersion>", "<release:minorVersion>7a</release:minorVersion>");

        var e = Assert.Throws<ReleaseMetadataException>(() => ReleaseDescriptorReader.Parse(xml).GetDescriptorOrThrow());

        Assert.Equal(15, e.Line);
        Assert.Equal(3, e.Column);
        Assert.Contains("minorVersion '7a'", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_root_element_names_both_dialects()
    {
        var result = ReleaseDescriptorReader.Parse("<?xml version=\"1.0\"?>\n<metalink/>");

        var error = Assert.Single(result.Errors);
        Assert.Equal((2, 1), (error.Line, error.Column));
        Assert.Contains("<Release>", error.Message, StringComparison.Ordinal);
        Assert.Contains("release:release", error.Message, StringComparison.Ordinal);
        Assert.Null(result.Dialect);
    }

    [Fact]
    public void A_release_root_in_the_wrong_namespace_is_refused()
    {
        var result = ReleaseDescriptorReader.Parse("<release xmlns=\"urn:other\"><productName>x</productName></release>");

        Assert.False(result.IsValid);
        Assert.Contains(result.Errors, e => e.Severity == ReleaseMetadataSeverity.Error && e.Message.Contains("namespace 'urn:other'", StringComparison.Ordinal));
    }

    [Fact]
    public void A_document_in_latin1_is_decoded_by_its_declaration()
    {
        var xml = ReleaseTestData.ArgusWith("<?xml version=\"1.0\" ?>", "<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>")
            .Replace("Argus authorization service", "Service d'autorisation Argus, écrit à l'INFN", StringComparison.Ordinal);
        using var stream = new MemoryStream(Encoding.Latin1.GetBytes(xml));

        var result = ReleaseDescriptorReader.Read(stream);

        Assert.True(result.IsValid, Describe(result));
        Assert.Equal("Service d'autorisation Argus, écrit à l'INFN", result.Descriptor.Description);
    }

    [Fact]
    public void A_utf16_document_is_read()
    {
        var xml = ReleaseTestData.Text(ReleaseTestData.NrmsMinimal).Replace("UTF-8", "UTF-16", StringComparison.Ordinal);
        using var stream = new MemoryStream([.. Encoding.Unicode.GetPreamble(), .. Encoding.Unicode.GetBytes(xml)]);

        var result = ReleaseDescriptorReader.Read(stream);

        Assert.True(result.IsValid, Describe(result));
        Assert.Equal("EMI", result.Descriptor.ProductShortName);
    }

    [Fact]
    public void Readers_share_the_compiled_schemas_safely_across_threads()
    {
        var bytes = File.ReadAllBytes(ReleaseTestData.PathOf(ReleaseTestData.Argus));
        var bad = Encoding.UTF8.GetBytes(ReleaseTestData.ArgusWith("<release:majorVersion>1</release:majorVersion>", "<release:majorVersion>x</release:majorVersion>"));
        var expected = ReleaseDescriptorReader.Read(new MemoryStream(bytes)).GetDescriptorOrThrow();
        var failures = 0;

        Parallel.For(0, 400, new ParallelOptions { MaxDegreeOfParallelism = 8 }, i =>
        {
            var valid = i % 2 == 0;
            var result = ReleaseDescriptorReader.Read(new MemoryStream(valid ? bytes : bad));
            if (result.IsValid != valid || (valid && !expected.Equals(result.Descriptor)) || (!valid && result.Errors.Count != 1))
            {
                Interlocked.Increment(ref failures);
            }
        });

        Assert.Equal(0, failures);
    }
}
