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
        Assert.Equal("sub/f599.txt", entries[^1].GetProperty("path").GetString());
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
