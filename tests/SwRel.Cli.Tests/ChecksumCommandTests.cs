using System.Text.Json;

namespace SwRel.Cli.Tests;

public sealed class ChecksumCommandTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "swrel-cli-checksum-" + Guid.NewGuid().ToString("N"));

    public ChecksumCommandTests()
    {
        Directory.CreateDirectory(Path.Combine(_root, "tree", "sub"));
        File.WriteAllText(Path.Combine(_root, "tree", "a.txt"), "abc");
        File.WriteAllText(Path.Combine(_root, "tree", "sub", "b.txt"), "def");
    }

    private string Tree => Path.Combine(_root, "tree");

    private string Manifest => Path.Combine(_root, "tree.meta4");

    [Fact]
    public void Create_then_verify_an_unchanged_tree_exits_0()
    {
        var create = ToolRunner.Run("checksum", "create", Tree, "-o", Manifest);
        var verify = ToolRunner.Run("checksum", "verify", Manifest, "--root", Tree);

        Assert.Equal(ExitCodes.Ok, create.ExitCode);
        Assert.Contains("<file name=\"sub/b.txt\">", File.ReadAllText(Manifest), StringComparison.Ordinal);
        Assert.Equal(ExitCodes.Ok, verify.ExitCode);
        Assert.Contains("2 ok, 0 failed", verify.Output, StringComparison.Ordinal);
        Assert.Equal("", verify.Error);
    }

    [Fact]
    public void Verify_names_each_failing_file_and_exits_1()
    {
        ToolRunner.Run("checksum", "create", Tree, "-o", Manifest);
        File.WriteAllText(Path.Combine(Tree, "a.txt"), "abd");
        File.Delete(Path.Combine(Tree, "sub", "b.txt"));
        File.WriteAllText(Path.Combine(Tree, "new.txt"), "new");

        var run = ToolRunner.Run("checksum", "verify", Manifest, "--root", Tree, "--report-extra");

        Assert.Equal(ExitCodes.Invalid, run.ExitCode);
        Assert.Contains("FAILED a.txt: sha-256 mismatch", run.Output, StringComparison.Ordinal);
        Assert.Contains("FAILED sub/b.txt: missing", run.Output, StringComparison.Ordinal);
        Assert.Contains("EXTRA  new.txt", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void A_json_report_written_in_pieces_is_one_whole_document_listing_every_entry()
    {
        // The report is handed to the console every 256 entries: more than two pieces must still parse as one document.
        for (var i = 0; i < 600; i++)
        {
            File.WriteAllText(Path.Combine(Tree, "sub", $"f{i:D3}.txt"), $"file {i} \u00e9");
        }

        ToolRunner.Run("checksum", "create", Tree, "-o", Manifest);

        var run = ToolRunner.Run("checksum", "verify", Manifest, "--root", Tree, "--format", "json");

        Assert.Equal(ExitCodes.Ok, run.ExitCode);
        using var json = JsonDocument.Parse(run.Output);
        var entries = json.RootElement.GetProperty("entries").EnumerateArray().ToList();
        Assert.Equal(602, entries.Count);
        Assert.Equal(602, json.RootElement.GetProperty("summary").GetProperty("ok").GetInt32());
        Assert.All(entries, e => Assert.Equal("ok", e.GetProperty("status").GetString()));
        Assert.Equal(602, entries.Select(e => e.GetProperty("path").GetString()).Distinct(StringComparer.Ordinal).Count());
        Assert.Contains(entries, e => e.GetProperty("path").GetString() == "sub/f599.txt");
    }

    [Fact]
    public void A_json_report_writes_the_entries_as_they_are_checked_and_the_totals_after_them()
    {
        ToolRunner.Run("checksum", "create", Tree, "-o", Manifest);
        File.WriteAllText(Path.Combine(Tree, "a.txt"), "xyz");

        var run = ToolRunner.Run("checksum", "verify", Manifest, "--root", Tree, "--format", "json");

        // What is known only at the end comes after the entries, so that no entry has to be held back for it.
        var entries = run.Output.IndexOf("\"entries\"", StringComparison.Ordinal);
        var summary = run.Output.IndexOf("\"summary\"", StringComparison.Ordinal);
        var ok = run.Output.IndexOf("\"ok\": false", StringComparison.Ordinal);
        Assert.True(entries >= 0 && entries < summary && summary < ok, run.Output);
        using var json = JsonDocument.Parse(run.Output);
        Assert.Equal(2, json.RootElement.GetProperty("summary").GetProperty("total").GetInt32());
        Assert.Equal(Path.GetFullPath(Tree), json.RootElement.GetProperty("root").GetString());
        Assert.Empty(json.RootElement.GetProperty("refused").EnumerateArray());
    }

    [Fact]
    public void Verify_in_json_lists_every_entry_with_its_status()
    {
        ToolRunner.Run("checksum", "create", Tree, "-o", Manifest, "--algorithm", "sha-512");
        File.WriteAllText(Path.Combine(Tree, "a.txt"), "xyz");

        var run = ToolRunner.Run("checksum", "verify", Manifest, "--root", Tree, "--format", "json", "--parallel", "1");

        Assert.Equal(ExitCodes.Invalid, run.ExitCode);
        using var json = JsonDocument.Parse(run.Output);
        Assert.False(json.RootElement.GetProperty("ok").GetBoolean());
        var entries = json.RootElement.GetProperty("entries").EnumerateArray().ToList();
        Assert.Equal(["mismatch", "ok"], entries.Select(e => e.GetProperty("status").GetString()));
        Assert.Equal("sha-512", entries[0].GetProperty("algorithm").GetString());
        Assert.Equal(1, json.RootElement.GetProperty("summary").GetProperty("mismatch").GetInt32());
    }

    [Fact]
    public void A_manifest_inside_the_tree_does_not_list_or_report_itself()
    {
        var inside = Path.Combine(Tree, "SHA256SUMS.meta4");

        ToolRunner.Run("checksum", "create", Tree, "-o", inside);
        ToolRunner.Run("checksum", "create", Tree, "-o", inside);
        var run = ToolRunner.Run("checksum", "verify", inside, "--report-extra");

        Assert.DoesNotContain("SHA256SUMS", File.ReadAllText(inside), StringComparison.Ordinal);
        Assert.Equal(ExitCodes.Ok, run.ExitCode);
    }

    [Fact]
    public void Coreutils_manifests_are_verified_too()
    {
        var sums = Path.Combine(_root, "SHA256SUMS");
        File.WriteAllText(sums, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad  a.txt\nSHA256 (sub/b.txt) = cb8379ac2098aa165029e3938a51da0bcecfc008fd6795f401178647f96c5b34\n");

        var run = ToolRunner.Run("checksum", "verify", sums, "--root", Tree);

        Assert.Equal(ExitCodes.Ok, run.ExitCode);
    }

    [Fact]
    public void A_traversal_entry_refuses_the_manifest_naming_the_line()
    {
        var sums = Path.Combine(_root, "SHA256SUMS");
        File.WriteAllText(sums, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad  a.txt\nba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad  ../tree.meta4\n");

        var run = ToolRunner.Run("checksum", "verify", sums, "--root", Tree);

        Assert.Equal(ExitCodes.Invalid, run.ExitCode);
        Assert.Contains("line 2: '../tree.meta4'", run.Error, StringComparison.Ordinal);
        Assert.Equal("", run.Output);
    }

    [Fact]
    public void A_malformed_manifest_is_reported_with_file_line_and_column()
    {
        File.WriteAllText(Manifest, "<metalink xmlns=\"urn:ietf:params:xml:ns:metalink\">\n  <file name=\"a\"><size>x</size></file>\n</metalink>\n");

        var run = ToolRunner.Run("checksum", "verify", Manifest, "--root", Tree);

        Assert.Equal(ExitCodes.Invalid, run.ExitCode);
        Assert.Contains($"{Manifest}:2:19:", run.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Weak_algorithms_are_refused_on_request()
    {
        ToolRunner.Run("checksum", "create", Tree, "-o", Manifest, "--algorithm", "md5");

        var lenient = ToolRunner.Run("checksum", "verify", Manifest, "--root", Tree);
        var strict = ToolRunner.Run("checksum", "verify", Manifest, "--root", Tree, "--refuse-weak");

        Assert.Equal(ExitCodes.Ok, lenient.ExitCode);
        Assert.Contains("weak", lenient.Error, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.Invalid, strict.ExitCode);
    }

    [Fact]
    public void Usage_mistakes_exit_2()
    {
        Assert.Equal(ExitCodes.Usage, ToolRunner.Run("checksum", "create", Tree).ExitCode);
        Assert.Equal(ExitCodes.Usage, ToolRunner.Run("checksum", "create", Tree, "-o", Manifest, "--algorithm", "crc32").ExitCode);
        Assert.Equal(ExitCodes.Usage, ToolRunner.Run("checksum", "verify", Manifest, "--parallel", "0").ExitCode);
    }

    [Fact]
    public void A_missing_directory_or_manifest_exits_1()
    {
        Assert.Equal(ExitCodes.Invalid, ToolRunner.Run("checksum", "create", Path.Combine(_root, "nope"), "-o", Manifest).ExitCode);
        Assert.Equal(ExitCodes.Invalid, ToolRunner.Run("checksum", "verify", Path.Combine(_root, "nope.meta4"), "--root", Tree).ExitCode);
    }

    [Fact]
    public void No_progress_bar_is_drawn_when_stderr_is_not_a_terminal()
    {
        ToolRunner.Run("checksum", "create", Tree, "-o", Manifest);

        var run = ToolRunner.Run("checksum", "verify", Manifest, "--root", Tree);

        Assert.DoesNotContain("\r", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_progress_bar_is_drawn_on_stderr_when_it_is_a_terminal_and_stdout_stays_clean()
    {
        ToolRunner.Run("checksum", "create", Tree, "-o", Manifest);
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();

        var exit = SwRelApp.Run(["checksum", "verify", Manifest, "--root", Tree], new CliConsole(TextReader.Null, stdout, stderr, IsErrorTerminal: true));

        Assert.Equal(ExitCodes.Ok, exit);
        Assert.Contains("2/2 files", stderr.ToString(), StringComparison.Ordinal);
        Assert.Contains("\r[", stderr.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("\r", stdout.ToString(), StringComparison.Ordinal);
    }

    // An empty manifest verified as "0 ok" with exit 0.
    [Theory]
    [InlineData("<metalink xmlns=\"urn:ietf:params:xml:ns:metalink\"/>\n", ":1:2: The manifest lists no files")]
    [InlineData("<!-- nothing but a comment -->\n", ":1:1: The document has no root element")]
    [InlineData("<!DOCTYPE metalink>\n", ":1:1: A document type declaration")]
    [InlineData("# nothing\n", ":1:1: The manifest lists no files")]
    public void A_manifest_that_lists_no_file_or_is_no_manifest_fails_with_file_line_and_column(string text, string expected)
    {
        File.WriteAllText(Manifest, text);

        var run = ToolRunner.Run("checksum", "verify", Manifest, "--root", Tree);

        Assert.Equal(ExitCodes.Invalid, run.ExitCode);
        Assert.Contains(Manifest + expected, run.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("0 ok", run.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("DtdProcessing", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_broken_weaker_hash_is_a_warning_in_text_and_in_json()
    {
        File.WriteAllText(Manifest, $"""
            <metalink xmlns="urn:ietf:params:xml:ns:metalink">
              <file name="a.txt"><hash type="md5">{new string('0', 31)}</hash><hash type="sha-256">ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad</hash></file>
              <file name="sub/b.txt"><hash type="sha-256">cb8379ac2098aa165029e3938a51da0bcecfc008fd6795f401178647f96c5b34</hash></file>
            </metalink>
            """);

        var text = ToolRunner.Run("checksum", "verify", Manifest, "--root", Tree);
        var json = ToolRunner.Run("checksum", "verify", Manifest, "--root", Tree, "--format", "json");

        Assert.Equal((ExitCodes.Ok, ExitCodes.Ok), (text.ExitCode, json.ExitCode));
        Assert.Contains($"swrel: warning: {Manifest}:2:23: The md5 hash of 'a.txt'", text.Error, StringComparison.Ordinal);
        var warning = Assert.Single(JsonDocument.Parse(json.Output).RootElement.GetProperty("warnings").EnumerateArray());
        Assert.Equal((2, 23), (warning.GetProperty("line").GetInt32(), warning.GetProperty("column").GetInt32()));
        Assert.Contains("ignored", warning.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_manifest_that_is_a_fifo_or_a_folder_is_refused_at_once_by_name()
    {
        var fifo = Path.Combine(_root, "pipe.meta4");
        using (var mkfifo = System.Diagnostics.Process.Start("mkfifo", [fifo]))
        {
            await mkfifo.WaitForExitAsync();
        }

        var run = Task.Run(() => ToolRunner.Run("checksum", "verify", fifo, "--root", Tree));
        var folder = ToolRunner.Run("checksum", "verify", Tree);

        // Opening a FIFO to read blocks until a writer comes, which never happens here: a command that opened it would never
        // finish, so the limit only has to be longer than any loaded machine takes to refuse it.
        Assert.Same(run, await Task.WhenAny(run, Task.Delay(TimeSpan.FromMinutes(2))));
        Assert.Equal(ExitCodes.Invalid, (await run).ExitCode);
        Assert.Contains($"'{fifo}' is a FIFO", (await run).Error, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.Invalid, folder.ExitCode);
        Assert.Contains($"'{Tree}' is a folder, not a regular file", folder.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Create_into_a_missing_folder_says_so_without_naming_a_temporary_file()
    {
        var target = Path.Combine(_root, "missing", "tree.meta4");

        var run = ToolRunner.Run("checksum", "create", Tree, "-o", target);

        Assert.Equal(ExitCodes.Invalid, run.ExitCode);
        Assert.Contains($"the folder '{Path.Combine(_root, "missing")}' does not exist", run.Error, StringComparison.Ordinal);
        Assert.DoesNotContain(".tmp", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Create_on_a_tree_without_files_writes_no_manifest()
    {
        var empty = Path.Combine(_root, "empty");
        Directory.CreateDirectory(Path.Combine(empty, "sub"));
        var onlyItself = Path.Combine(_root, "only-itself");
        Directory.CreateDirectory(onlyItself);
        File.WriteAllText(Path.Combine(onlyItself, "m.meta4"), "old");

        var run = ToolRunner.Run("checksum", "create", empty, "-o", Manifest);
        var itself = ToolRunner.Run("checksum", "create", onlyItself, "-o", Path.Combine(onlyItself, "m.meta4"));

        Assert.Equal((ExitCodes.Invalid, ExitCodes.Invalid), (run.ExitCode, itself.ExitCode));
        Assert.Contains("holds no file", run.Error, StringComparison.Ordinal);
        Assert.Contains("holds no file apart from the manifest itself", itself.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(Manifest));
        Assert.Equal("old", File.ReadAllText(Path.Combine(onlyItself, "m.meta4")));
    }

    [Fact]
    public void A_link_in_the_tree_is_reported_as_extra_by_name_and_fails_create()
    {
        ToolRunner.Run("checksum", "create", Tree, "-o", Manifest);
        File.CreateSymbolicLink(Path.Combine(Tree, "alias.txt"), Path.Combine(Tree, "a.txt"));

        var verify = ToolRunner.Run("checksum", "verify", Manifest, "--root", Tree, "--report-extra");
        var create = ToolRunner.Run("checksum", "create", Tree, "-o", Path.Combine(_root, "again.meta4"));

        Assert.Equal(ExitCodes.Invalid, verify.ExitCode);
        Assert.Contains("EXTRA  alias.txt: not in the manifest, and is a symbolic link", verify.Output, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.Invalid, create.ExitCode);
        Assert.Contains("'alias.txt': is a symbolic link", create.Error, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
