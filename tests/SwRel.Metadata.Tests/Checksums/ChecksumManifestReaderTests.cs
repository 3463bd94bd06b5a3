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
    public void Lines_cut_by_the_end_of_a_read_and_lines_longer_than_the_read_buffer_are_read_whole()
    {
        // Paths of every length from 1 to 199 put line ends at every offset of the reader's buffer; one path is
        // longer than the buffer itself, and the last line has no line end.
        var paths = Enumerable.Range(0, 3000).Select(i => $"d{i % 7}/" + new string((char)('a' + (i % 26)), 1 + (i % 199))).ToList();
        paths.Insert(1234, "long/" + new string('é', 150_000));
        var text = new System.Text.StringBuilder();
        for (var i = 0; i < paths.Count; i++)
        {
            var hex = i % 2 == 0 ? Sha256OfAbc : Sha256OfAbc.ToUpperInvariant();
            text.Append(hex).Append(i % 3 == 0 ? " *" : "  ").Append(paths[i]).Append(i == paths.Count - 1 ? "" : i % 5 == 0 ? "\r\n" : "\n");
        }

        using var stream = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(text.ToString()));
        var result = ChecksumManifestReader.Read(stream);

        Assert.True(result.Succeeded, string.Join("; ", result.Errors));
        Assert.Equal(paths, result.Manifest.Entries.Select(e => e.Path));
        Assert.Equal(Enumerable.Range(1, paths.Count), result.Manifest.Entries.Select(e => e.Line));
        Assert.All(result.Manifest.Entries, e => Assert.Equal(Sha256OfAbc, e.Hashes[ChecksumAlgorithm.Sha256]));
    }

    [Fact]
    public void A_bad_digest_on_a_bsd_line_is_named_by_its_column()
    {
        var result = ChecksumManifestReader.Parse($"SHA256 (a) = {Sha256OfAbc}\nSHA256 (b) = {Sha256OfAbc[..63]}x\n");

        var error = Assert.Single(result.Errors);
        Assert.Equal((2, 14), (error.Line, error.Column));
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

    // An empty manifest verifies as "all ok" and would let every file of a release be published unchecked.
    [Theory]
    [InlineData("<metalink xmlns=\"urn:ietf:params:xml:ns:metalink\"/>", 1, 2)]
    [InlineData("<metalink xmlns=\"urn:ietf:params:xml:ns:metalink\">\n  <generator>x</generator>\n</metalink>", 1, 2)]
    [InlineData("\n<metalink xmlns=\"urn:ietf:params:xml:ns:metalink\"><group><file name=\"a\"><hash type=\"sha-256\">ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad</hash></file></group></metalink>", 2, 2)]
    public void A_metalink_manifest_that_lists_no_file_is_an_error_at_its_root_element(string xml, int line, int column)
    {
        var result = ChecksumManifestReader.Parse(xml);

        Assert.False(result.Succeeded);
        var error = Assert.Single(result.Errors);
        Assert.Equal((line, column), (error.Line, error.Column));
        Assert.Contains("lists no files", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("\n\n")]
    [InlineData("# only a comment\n")]
    public void A_text_manifest_that_lists_no_file_is_an_error_with_a_position(string text)
    {
        var result = ChecksumManifestReader.Parse(text);

        Assert.False(result.Succeeded);
        var error = Assert.Single(result.Errors);
        Assert.Equal((1, 1), (error.Line, error.Column));
        Assert.Contains("lists no files", error.Message, StringComparison.Ordinal);
    }

    // coreutils: a line that starts with '\\' has '\\\\', '\\n' (and, since coreutils 9, '\\r') escaped in its name;
    // on any other line a backslash is an ordinary character of the name.
    [Theory]
    [InlineData("\\MD5 (a\\\\b) = 900150983cd24fb0d6963f7d28e17f72\n", "a\\b")]
    [InlineData("\\900150983cd24fb0d6963f7d28e17f72  a\\\\b\n", "a\\b")]
    [InlineData("900150983cd24fb0d6963f7d28e17f72  a\\b\n", "a\\b")]
    [InlineData("MD5 (a\\\\b) = 900150983cd24fb0d6963f7d28e17f72\n", "a\\\\b")]
    public void Coreutils_backslashes_are_unescaped_only_on_escaped_lines(string line, string path)
    {
        var result = ChecksumManifestReader.Parse(line);

        Assert.True(result.Succeeded, string.Join("; ", result.Errors));
        Assert.Equal(path, Assert.Single(result.Manifest.Entries).Path);
    }

    // As other Metalink clients do, a broken weaker hash is passed over when a good stronger one is there.
    [Fact]
    public void A_malformed_weaker_hash_beside_a_good_stronger_one_is_ignored_with_a_warning()
    {
        var result = ChecksumManifestReader.Parse($"""
            <metalink xmlns="urn:ietf:params:xml:ns:metalink">
              <file name="a">
                <hash type="md5">{new string('0', 31)}</hash>
                <hash type="sha-256">{Sha256OfAbc}</hash>
              </file>
            </metalink>
            """);

        Assert.True(result.Succeeded, string.Join("; ", result.Errors));
        var entry = Assert.Single(result.Manifest.Entries);
        Assert.Equal([ChecksumAlgorithm.Sha256], entry.Hashes.Keys);
        var warning = Assert.Single(result.Warnings);
        Assert.Equal((3, 6), (warning.Line, warning.Column));
        Assert.Contains("md5", warning.Message, StringComparison.Ordinal);
        Assert.Contains("ignored", warning.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("<hash type=\"sha-256\">abc</hash><hash type=\"md5\">900150983cd24fb0d6963f7d28e17f72</hash>")]
    [InlineData("<hash type=\"md5\">abc</hash>")]
    [InlineData("<hash type=\"sha-1\">abc</hash><hash type=\"sha-1\">a9993e364706816aba3e25717850c26c9cd0d89d</hash>")]
    public void A_malformed_hash_that_is_not_passed_over_for_a_stronger_one_is_an_error(string hashes)
    {
        var result = ChecksumManifestReader.Parse($"<metalink xmlns=\"urn:ietf:params:xml:ns:metalink\"><file name=\"a\">{hashes}</file></metalink>");

        Assert.False(result.Succeeded);
        Assert.Contains("hexadecimal digits", result.Errors[0].Message, StringComparison.Ordinal);
        Assert.True(result.Errors[0].Line > 0 && result.Errors[0].Column > 0);
    }

    // The XML reader's own messages ("For security reasons DTD is prohibited...", "Root element is missing.") are
    // put into our words, and every refusal has a line and a column.
    [Theory]
    [InlineData("<!x>", "declaration")]
    [InlineData("<!-- a comment -->\n<!ELEMENT metalink ANY>", "declaration")]
    [InlineData("<?xml version=\"1.0\"?>\n<!DOCTYPE metalink>", "declaration")]
    [InlineData("<!-- only a comment -->", "no root element")]
    [InlineData("<metalink xmlns=\"urn:ietf:params:xml:ns:metalink\">\n<file name=\"a\">", "are closed: <file>, <metalink>")]
    [InlineData("<metalink xmlns=\"urn:ietf:params:xml:ns:metalink\"><file name=\"&x;\"/></metalink>", "&x;")]
    [InlineData("<metalink xmlns=\"urn:ietf:params:xml:ns:metalink\"/><metalink/>", "second root element")]
    public void Xml_refusals_are_in_our_words_with_line_and_column(string xml, string expected)
    {
        var result = ChecksumManifestReader.Parse(xml);

        Assert.False(result.Succeeded);
        var error = result.Errors[0];
        Assert.True(error.Line > 0 && error.Column > 0, error.ToString());
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("DtdProcessing", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("Root element is missing", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("Line ", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Errors_past_the_limit_are_counted_not_listed()
    {
        var text = string.Concat(Enumerable.Repeat("not a checksum line\n", 150));

        var result = ChecksumManifestReader.Parse(text, new ManifestReaderOptions { MaxErrors = 100 });

        Assert.Equal(101, result.Errors.Length);
        Assert.Equal(100, result.Errors[99].Line);
        Assert.Equal("and 50 more errors.", result.Errors[100].Message);
    }

    [Fact]
    public async Task A_manifest_file_that_is_a_fifo_is_refused_at_once_by_name()
    {
        using var tree = new TemporaryTree();
        var fifo = tree.MakeFifo("checksums.meta4");

        var read = Task.Run(() => ChecksumManifestReader.ReadFile(fifo));

        Assert.Same(read, await Task.WhenAny(read, Task.Delay(TimeSpan.FromMinutes(2))));
        var error = await Assert.ThrowsAnyAsync<IOException>(() => read);
        Assert.Contains(fifo, error.Message, StringComparison.Ordinal);
        Assert.Contains("FIFO", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_manifest_file_that_is_a_folder_or_too_large_is_refused_by_name()
    {
        using var tree = new TemporaryTree();
        Directory.CreateDirectory(tree.PathOf("folder.meta4"));
        var large = tree.Write("large.sha256", string.Concat(Enumerable.Repeat($"{Sha256OfAbc}  a\n", 100)));

        var folder = Assert.ThrowsAny<IOException>(() => ChecksumManifestReader.ReadFile(tree.PathOf("folder.meta4")));
        var tooLarge = Assert.ThrowsAny<IOException>(() => ChecksumManifestReader.ReadFile(large, new ManifestReaderOptions { MaxCharacters = 1000 }));

        Assert.Contains("is a folder", folder.Message, StringComparison.Ordinal);
        Assert.Contains("may be at most 1,000 bytes", tooLarge.Message, StringComparison.Ordinal);
    }
}
