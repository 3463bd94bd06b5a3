using System.Net;
using System.Net.Sockets;
using System.Text;
using SwRel.Metadata.Releases;

namespace SwRel.Metadata.Tests.Releases;

// SPEC §8: "never resolve external entities or fetch anything named by a document; bound entity expansion,
// document size, depth; a hostile document gets a clear error, fast, with bounded memory."
public sealed class HostileDocumentTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("swrel-hostile-").FullName;
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);

    public HostileDocumentTests() => _listener.Start();

    public void Dispose()
    {
        _listener.Stop();
        Directory.Delete(_folder, recursive: true);
    }

    private string LoopbackUrl(string path) => $"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}/{path}";

    private void AssertNothingWasFetched() => Assert.False(_listener.Pending(), "the reader connected to the URL a document named");

    private static string NrmsBody(string distributionName) =>
        ReleaseTestData.Text(ReleaseTestData.NrmsMinimal)
            .Replace("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n", "", StringComparison.Ordinal)
            .Replace("European Middleware Initiative", distributionName, StringComparison.Ordinal);

    [Fact]
    public void An_external_entity_to_a_file_is_never_read()
    {
        var secret = Path.Combine(_folder, "secret.txt");
        File.WriteAllText(secret, "TOP-SECRET-CONTENT");
        var xml = $"<?xml version=\"1.0\"?>\n<!DOCTYPE Release [\n  <!ENTITY xxe SYSTEM \"{new Uri(secret).AbsoluteUri}\">\n]>\n" + NrmsBody("&xxe;");

        var result = ReleaseDescriptorReader.Parse(xml);

        Assert.False(result.IsValid);
        Assert.Null(result.Descriptor);
        var subset = result.Errors[0];
        Assert.Equal((2, 1), (subset.Line, subset.Column));
        Assert.Contains("internal subset", subset.Message, StringComparison.Ordinal);
        Assert.Contains(result.Errors, e => e.Message.Contains("undeclared entity 'xxe'", StringComparison.Ordinal) && e.Line == 6);
        Assert.DoesNotContain(result.Errors, e => e.Message.Contains("TOP-SECRET", StringComparison.Ordinal));
    }

    [Fact]
    public void An_external_entity_to_a_url_is_never_fetched()
    {
        var xml = $"<!DOCTYPE Release [<!ENTITY xxe SYSTEM \"{LoopbackUrl("xxe")}\">]>\n" + NrmsBody("&xxe;");

        var result = ReleaseDescriptorReader.Parse(xml);

        Assert.False(result.IsValid);
        Assert.Contains(result.Errors, e => e.Message.Contains("undeclared entity 'xxe'", StringComparison.Ordinal));
        AssertNothingWasFetched();
    }

    [Fact]
    public void An_external_dtd_reference_is_ignored_with_a_warning_and_the_embedded_dtd_applies()
    {
        var xml = $"<?xml version=\"1.0\"?>\n<!DOCTYPE Release SYSTEM \"{LoopbackUrl("release.dtd")}\">\n" + NrmsBody("European Middleware Initiative");

        var result = ReleaseDescriptorReader.Parse(xml);

        Assert.True(result.IsValid, string.Join("\n", result.Errors));
        var warning = Assert.Single(result.Errors);
        Assert.Equal(ReleaseMetadataSeverity.Warning, warning.Severity);
        Assert.Equal((2, 1), (warning.Line, warning.Column));
        Assert.Contains("embedded NRMS 2010 DTD", warning.Message, StringComparison.Ordinal);
        AssertNothingWasFetched();
    }

    [Fact]
    public void A_public_dtd_reference_in_a_bad_document_still_gets_the_embedded_dtd_errors()
    {
        var xml = $"<!DOCTYPE Release PUBLIC \"-//EGI//NRMS//EN\" \"{LoopbackUrl("release.dtd")}\">\n<Release><Unknown/></Release>";

        var result = ReleaseDescriptorReader.Parse(xml);

        Assert.False(result.IsValid);
        Assert.Contains(result.Errors, e => e.Line == 2 && e.Message.Contains("'Unknown'", StringComparison.Ordinal));
        AssertNothingWasFetched();
    }

    [Fact]
    public void A_schema_location_in_a_repo_egi_document_is_never_fetched()
    {
        var xml = ReleaseTestData.ArgusWith("xsi:noNamespaceSchemaLocation=\"release.xsd\"", $"xsi:schemaLocation=\"http://repo.egi.eu/0.2/release {LoopbackUrl("release.xsd")}\"");

        var result = ReleaseDescriptorReader.Parse(xml);

        Assert.True(result.IsValid, string.Join("\n", result.Errors));
        AssertNothingWasFetched();
    }

    [Fact]
    public void Billion_laughs_is_refused_without_expanding_anything()
    {
        var subset = new StringBuilder("<!ENTITY lol0 \"lol\">");
        for (var i = 1; i <= 9; i++)
        {
            subset.Append($"<!ENTITY lol{i} \"{string.Concat(Enumerable.Repeat($"&lol{i - 1};", 10))}\">");
        }

        var xml = $"<?xml version=\"1.0\"?>\n<!DOCTYPE Release [{subset}]>\n" + NrmsBody("&lol9;");

        var result = ReleaseDescriptorReader.Parse(xml);

        Assert.False(result.IsValid);
        Assert.Contains(result.Errors, e => e.Line == 2 && e.Message.Contains("internal subset", StringComparison.Ordinal));
        Assert.Contains(result.Errors, e => e.Message.Contains("undeclared entity 'lol9'", StringComparison.Ordinal));
    }

    [Fact]
    public void Quadratic_blowup_is_refused_without_expanding_anything()
    {
        var big = new string('a', 20_000);
        var refs = string.Concat(Enumerable.Repeat("&a;", 20_000));
        var xml = $"<!DOCTYPE Release [<!ENTITY a \"{big}\">]>\n" + NrmsBody(refs);

        var result = ReleaseDescriptorReader.Parse(xml);

        Assert.False(result.IsValid);
        Assert.Contains(result.Errors, e => e.Message.Contains("undeclared entity 'a'", StringComparison.Ordinal));
        Assert.True(result.Errors.Count <= 3, string.Join("\n", result.Errors));
    }

    [Fact]
    public void The_entity_expansion_limit_is_an_option_that_is_validated()
    {
        var options = new ReleaseReaderOptions { MaxCharactersFromEntities = 0 };

        Assert.Throws<ArgumentOutOfRangeException>(() => ReleaseDescriptorReader.Parse("<Release/>", options));
    }

    [Fact]
    public void Nesting_100000_deep_stops_at_the_depth_limit()
    {
        var xml = "<Release>" + string.Concat(Enumerable.Repeat("<a>", 100_000)) + string.Concat(Enumerable.Repeat("</a>", 100_000)) + "</Release>";

        var result = ReleaseDescriptorReader.Parse(xml);

        Assert.False(result.IsValid);
        var depth = Assert.Single(result.Errors, e => e.Message.Contains("nested more than 32 deep", StringComparison.Ordinal));
        Assert.Equal(1, depth.Line);
        Assert.True(result.Errors.Count <= 40, $"{result.Errors.Count} errors");
    }

    [Fact]
    public void Invalid_utf8_is_reported_with_its_line()
    {
        var text = ReleaseTestData.Text(ReleaseTestData.Argus).Replace("Argus authorization service", "Argus XX service", StringComparison.Ordinal);
        var bytes = Encoding.UTF8.GetBytes(text);
        var at = text.IndexOf("XX", StringComparison.Ordinal);
        bytes[at] = 0xC3;
        bytes[at + 1] = 0x28;

        var result = ReleaseDescriptorReader.Read(new MemoryStream(bytes));

        Assert.False(result.IsValid);
        var error = Assert.Single(result.Errors);
        Assert.Equal(9, error.Line);
        Assert.True(error.Column > 0);
        Assert.Contains("encoding", error.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void A_huge_attribute_is_refused_at_the_value_limit()
    {
        var xml = ReleaseTestData.ArgusWith("url=\"https://example.org/argus/argus-pap-1.7.3-1.el7.centos.noarch.rpm\"", $"url=\"https://example.org/{new string('a', 2_000_000)}\"");

        var result = ReleaseDescriptorReader.Parse(xml);

        Assert.False(result.IsValid);
        var error = Assert.Single(result.Errors);
        Assert.Equal(26, error.Line);
        Assert.Contains("Attribute 'url' is longer than", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_huge_text_is_refused_at_the_value_limit()
    {
        var xml = ReleaseTestData.ArgusWith("Bug fixes for the PAP and PDP services.", new string('x', 1_100_000));

        var result = ReleaseDescriptorReader.Parse(xml);

        Assert.False(result.IsValid);
        Assert.Contains("longer than 1048576 characters", Assert.Single(result.Errors).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_document_over_the_size_limit_is_refused_before_parsing()
    {
        var options = new ReleaseReaderOptions { MaxDocumentBytes = 1024 };
        var bytes = File.ReadAllBytes(ReleaseTestData.PathOf(ReleaseTestData.Argus));

        var fromStream = ReleaseDescriptorReader.Read(new NonSeekableStream(bytes), options);
        var fromString = ReleaseDescriptorReader.Parse(Encoding.UTF8.GetString(bytes), options);

        foreach (var result in new[] { fromStream, fromString })
        {
            Assert.False(result.IsValid);
            var error = Assert.Single(result.Errors);
            Assert.Equal((0, 0), (error.Line, error.Column));
            Assert.Contains("1,024-byte limit", error.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Thousands_of_errors_stop_at_the_error_limit()
    {
        var packages = string.Concat(Enumerable.Repeat("<UMDmeta:package/>", 5_000));
        var xml = ReleaseTestData.ArgusWith("<UMDmeta:packages>", "<UMDmeta:packages>" + packages);

        var result = ReleaseDescriptorReader.Parse(xml, new ReleaseReaderOptions { MaxErrors = 10 });

        Assert.False(result.IsValid);
        Assert.Equal(11, result.Errors.Count);
        Assert.Contains("Too many errors", result.Errors[^1].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_doctype_in_a_repo_egi_document_is_not_processed()
    {
        var xml = ReleaseTestData.ArgusWith("<?xml version=\"1.0\" ?>", "<?xml version=\"1.0\" ?><!DOCTYPE x [<!ENTITY e \"boom\">]>")
            .Replace("<release:productName>argus</release:productName>", "<release:productName>&e;</release:productName>", StringComparison.Ordinal);

        var result = ReleaseDescriptorReader.Parse(xml);

        Assert.False(result.IsValid);
        Assert.Contains(result.Errors, e => e.Message.Contains("internal subset", StringComparison.Ordinal));
        Assert.Contains(result.Errors, e => e.Message.Contains("undeclared entity 'e'", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("not xml at all")]
    [InlineData("<?xml version=\"1.0\"?>")]
    [InlineData("<Release>")]
    [InlineData("<!DOCTYPE Release [")]
    [InlineData("<release:release xmlns:release=\"http://repo.egi.eu/0.2/release\"><release:productName>")]
    public void Broken_documents_get_an_error_not_an_exception(string xml)
    {
        var result = ReleaseDescriptorReader.Parse(xml);

        Assert.False(result.IsValid);
        Assert.NotEmpty(result.Errors);
        Assert.All(result.Errors, e => Assert.False(string.IsNullOrWhiteSpace(e.Message)));
    }

    private sealed class NonSeekableStream(byte[] bytes) : MemoryStream(bytes)
    {
        public override bool CanSeek => false;

        public override long Length => throw new NotSupportedException();
    }
}
