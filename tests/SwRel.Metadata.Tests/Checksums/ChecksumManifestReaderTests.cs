using SwRel.Metadata.Checksums;

namespace SwRel.Metadata.Tests.Checksums;

public sealed class ChecksumManifestReaderTests
{
    private const string Sha256OfAbc = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";
    private const string Md5OfAbc = "900150983cd24fb0d6963f7d28e17f72";

    [Fact]
    public void Gnu_text_lines_in_text_and_binary_mode_are_read()
    {
        var result = ChecksumManifestReader.Parse($"{Sha256OfAbc}  dir/a.txt\n{Sha256OfAbc.ToUpperInvariant()} *b.bin\r\n\n");

        Assert.True(result.Succeeded, string.Join("; ", result.Errors));
        Assert.Equal(ManifestFormat.GnuText, result.Manifest.Format);
        Assert.Equal(["dir/a.txt", "b.bin"], result.Manifest.Entries.Select(e => e.Path));
        Assert.All(result.Manifest.Entries, e => Assert.Equal(Sha256OfAbc, e.Hashes[ChecksumAlgorithm.Sha256]));
        Assert.Equal([1, 2], result.Manifest.Entries.Select(e => e.Line));
    }

    [Fact]
    public void Gnu_text_names_the_algorithm_by_digest_length()
    {
        var result = ChecksumManifestReader.Parse($"{Md5OfAbc}  a\n");

        Assert.True(result.Succeeded);
        Assert.Equal(ChecksumAlgorithm.Md5, result.Manifest.Entries[0].StrongestAlgorithm);
    }

    [Fact]
    public void Bsd_tagged_lines_are_read()
    {
        var result = ChecksumManifestReader.Parse($"SHA256 (a (1).txt) = {Sha256OfAbc}\nMD5 (b) = {Md5OfAbc}\n");

        Assert.True(result.Succeeded, string.Join("; ", result.Errors));
        Assert.Equal(ManifestFormat.BsdText, result.Manifest.Format);
        Assert.Equal("a (1).txt", result.Manifest.Entries[0].Path);
        Assert.Equal(ChecksumAlgorithm.Md5, result.Manifest.Entries[1].StrongestAlgorithm);
    }

    [Fact]
    public void Coreutils_escaped_names_are_unescaped()
    {
        var result = ChecksumManifestReader.Parse($"\\{Sha256OfAbc}  back\\\\slash\\nnewline\n");

        Assert.True(result.Succeeded, string.Join("; ", result.Errors));
        Assert.Equal("back\\slash\nnewline", result.Manifest.Entries[0].Path);
    }

    [Fact]
    public void A_bad_text_line_is_named_by_its_line()
    {
        var result = ChecksumManifestReader.Parse($"{Sha256OfAbc}  good\nnot a checksum line\n{Sha256OfAbc[..60]}  short\n");

        Assert.False(result.Succeeded);
        Assert.Equal([2, 3], result.Errors.Select(e => e.Line));
    }

    [Fact]
    public void Metalink_files_with_size_and_hashes_are_read()
    {
        var xml = $"""
            <?xml version="1.0" encoding="UTF-8"?>
            <metalink xmlns="urn:ietf:params:xml:ns:metalink">
              <published>2010-05-01T12:15:02Z</published>
              <file name="repo/a.rpm">
                <size>3</size>
                <hash type="md5">{Md5OfAbc}</hash>
                <hash type="sha-256">{Sha256OfAbc}</hash>
                <url>https://example.org/a.rpm</url>
                <pieces length="262144" type="sha-1"><hash>a9993e364706816aba3e25717850c26c9cd0d89d</hash></pieces>
              </file>
            </metalink>
            """;

        var result = ChecksumManifestReader.Parse(xml);

        Assert.True(result.Succeeded, string.Join("; ", result.Errors));
        var entry = Assert.Single(result.Manifest.Entries);
        Assert.Equal("repo/a.rpm", entry.Path);
        Assert.Equal(3, entry.Size);
        Assert.Equal(ChecksumAlgorithm.Sha256, entry.StrongestAlgorithm);
        Assert.Equal(2, entry.Hashes.Count);
        Assert.Equal(4, entry.Line);
    }

    [Fact]
    public void Metalink_errors_name_line_and_column()
    {
        var xml = """
            <metalink xmlns="urn:ietf:params:xml:ns:metalink">
              <file name="a">
                <size>lots</size>
                <hash type="sha-256">abc</hash>
              </file>
            </metalink>
            """;

        var result = ChecksumManifestReader.Parse(xml);

        Assert.False(result.Succeeded);
        Assert.Contains(result.Errors, e => e.Line == 3 && e.Column == 6);
        Assert.Contains(result.Errors, e => e.Line == 4 && e.Column == 6);
    }

    [Fact]
    public void Malformed_xml_is_an_error_with_a_position_not_an_exception()
    {
        var result = ChecksumManifestReader.Parse("<metalink xmlns=\"urn:ietf:params:xml:ns:metalink\">\n<file name=\"a\">\n</metalink>");

        var error = Assert.Single(result.Errors);
        Assert.Equal(3, error.Line);
        Assert.True(error.Column > 0);
    }

    [Fact]
    public void A_document_type_declaration_is_refused()
    {
        var xml = """
            <?xml version="1.0"?>
            <!DOCTYPE metalink [<!ENTITY x SYSTEM "file:///etc/passwd">]>
            <metalink xmlns="urn:ietf:params:xml:ns:metalink"><file name="&x;"/></metalink>
            """;

        var result = ChecksumManifestReader.Parse(xml);

        Assert.False(result.Succeeded);
        Assert.True(result.Errors[0].Line == 2, result.Errors[0].ToString());
    }

    [Fact]
    public void A_root_element_outside_the_metalink_namespace_is_refused()
    {
        var result = ChecksumManifestReader.Parse("<metalink><file name=\"a\"/></metalink>");

        Assert.False(result.Succeeded);
        Assert.Contains("urn:ietf:params:xml:ns:metalink", result.Errors[0].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_file_without_a_supported_hash_is_an_error()
    {
        var result = ChecksumManifestReader.Parse("""<metalink xmlns="urn:ietf:params:xml:ns:metalink"><file name="a"><hash type="sha-224">00</hash></file></metalink>""");

        Assert.False(result.Succeeded);
        Assert.Contains("sha-224", result.Errors[0].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_manifest_over_the_size_limit_is_refused()
    {
        var text = string.Concat(Enumerable.Repeat($"{Sha256OfAbc}  a-file-name\n", 1000));

        var result = ChecksumManifestReader.Parse(text, new ManifestReaderOptions { MaxCharacters = 10_000 });

        Assert.False(result.Succeeded);
        Assert.Contains("larger than", result.Errors[0].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_xml_manifest_over_the_size_limit_is_refused()
    {
        var files = string.Concat(Enumerable.Repeat($"<file name=\"a\"><hash type=\"sha-256\">{Sha256OfAbc}</hash></file>", 1000));
        var xml = $"<metalink xmlns=\"urn:ietf:params:xml:ns:metalink\">{files}</metalink>";

        var result = ChecksumManifestReader.Parse(xml, new ManifestReaderOptions { MaxCharacters = 10_000 });

        Assert.False(result.Succeeded);
    }

    [Fact]
    public void An_empty_text_manifest_is_an_error()
    {
        Assert.False(ChecksumManifestReader.Parse("\n\n").Succeeded);
    }
}
