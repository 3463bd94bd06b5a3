namespace SwRel.Cli.Tests.Inputs;

/// <summary>
/// Every file a command reads is a regular file within its size limit: a FIFO, a device or a folder is refused by name
/// at once with exit 1, and a file or standard input past its limit is refused without being read whole.
/// </summary>
public sealed class HostileInputTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("swrel-inputs-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private string Root => Directory.CreateDirectory(Path.Combine(_folder, "root")).FullName;

    private string Reports
    {
        get
        {
            var path = Path.Combine(_folder, "reports.csv");
            File.WriteAllText(path, "ticket,team,ngi,outcome,at\n");
            return path;
        }
    }

    private string Histories
    {
        get
        {
            var path = Path.Combine(_folder, "histories.csv");
            File.WriteAllText(path, "ticket,event,at_utc,actor\n1,Submitted,2012-01-01T00:00:00Z,p\n");
            return path;
        }
    }

    public static TheoryData<string> Specials => new() { "fifo", "/dev/zero", "folder" };

    [Theory]
    [MemberData(nameof(Specials))]
    public void Validate_refuses_a_special_file_by_name_at_once(string kind)
    {
        var path = Special(kind);

        var run = SpecialFiles.RunGuarded("validate", path);

        Assert.Equal(1, run.ExitCode);
        Assert.Contains($"'{Path.GetFullPath(path)}' is {What(kind)}, not a regular file.", run.Output, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Specials))]
    public void Metrics_refuses_a_special_histories_file_by_name_at_once(string kind)
    {
        var path = Special(kind);

        var run = SpecialFiles.RunGuarded("metrics", "--histories", path, "--reports", Reports);

        Assert.Equal(1, run.ExitCode);
        Assert.Equal($"swrel: '{Path.GetFullPath(path)}' is {What(kind)}, not a regular file.", run.Error.Trim());
    }

    [Theory]
    [MemberData(nameof(Specials))]
    public void Metrics_refuses_a_special_reports_file_by_name_at_once(string kind)
    {
        var path = Special(kind);

        var run = SpecialFiles.RunGuarded("metrics", "--histories", Histories, "--reports", path);

        Assert.Equal(1, run.ExitCode);
        Assert.Contains($"is {What(kind)}, not a regular file.", run.Error, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Specials))]
    public void Apply_refuses_a_special_plan_file_by_name_at_once(string kind)
    {
        var path = Special(kind);

        var run = SpecialFiles.RunGuarded("apply", path, "--root", Root);

        Assert.Equal(1, run.ExitCode);
        Assert.Equal($"swrel: cannot read the plan: '{Path.GetFullPath(path)}' is {What(kind)}, not a regular file.", run.Error.Trim());
        Assert.DoesNotContain("Access to the path", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void An_empty_plan_file_is_an_error_naming_it()
    {
        var path = Path.Combine(_folder, "empty.json");
        File.WriteAllText(path, string.Empty);

        var run = SpecialFiles.RunGuarded("apply", path, "--root", Root);

        Assert.Equal(1, run.ExitCode);
        Assert.Contains($"'{path}' is empty", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_plan_file_of_no_plans_is_an_error_naming_it()
    {
        var path = Path.Combine(_folder, "none.json");
        File.WriteAllText(path, "[]\n");

        var run = SpecialFiles.RunGuarded("apply", path, "--root", Root);

        Assert.Equal(1, run.ExitCode);
        Assert.Equal($"swrel: {path}: $: the array holds no plan; there is nothing to apply.", run.Error.Trim());
    }

    [Fact]
    public void An_oversized_plan_file_is_refused_by_its_size()
    {
        var path = SpecialFiles.MakeSparse(Path.Combine(_folder, "huge.json"), 1L << 32);

        var run = SpecialFiles.RunGuarded("apply", path, "--root", Root);

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("is 4,294,967,296 bytes; a plan file may be at most 16,777,216 bytes.", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_plan_file_with_a_comment_is_refused_with_its_line_and_column()
    {
        var path = Path.Combine(_folder, "comment.json");
        File.WriteAllText(path, "{\n  // why\n  \"from\": \"Unverified\", \"to\": \"Rejected\", \"target\": null, \"steps\": []\n}\n");

        var run = SpecialFiles.RunGuarded("apply", path, "--root", Root);

        Assert.Equal(1, run.ExitCode);
        Assert.Equal($"swrel: {path}: $ (line 2, column 3): a comment; JSON has no comments.", run.Error.Trim());
    }

    [Fact]
    public void An_oversized_histories_file_is_refused_by_its_size()
    {
        var path = SpecialFiles.MakeSparse(Path.Combine(_folder, "huge.csv"), 1L << 32);

        var run = SpecialFiles.RunGuarded("metrics", "--histories", path, "--reports", Reports);

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("is 4,294,967,296 bytes; a histories file may be at most 67,108,864 bytes.", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_histories_file_that_is_not_UTF_8_is_refused_with_its_line_and_column()
    {
        var path = Path.Combine(_folder, "latin1.csv");
        File.WriteAllBytes(path, [.. "ticket,event,at_utc,actor\n1,Submitted,2012-01-01T00:00:00Z,Jos"u8, 0xE9, .. "\n"u8]);

        var run = SpecialFiles.RunGuarded("metrics", "--histories", path, "--reports", Reports);

        Assert.Equal(1, run.ExitCode);
        Assert.Equal($"{path}:2: malformed CSV (column actor): the byte 0xE9 at offset 62 is not valid UTF-8; save the file as UTF-8", run.Error.Trim());
    }

    [Fact]
    public void An_oversized_release_file_is_refused_by_its_size()
    {
        var path = SpecialFiles.MakeSparse(Path.Combine(_folder, "release.xml"), 1L << 32);

        var run = SpecialFiles.RunGuarded("validate", path);

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("larger than the 16,777,216-byte limit", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void Endless_standard_input_to_validate_is_refused_at_the_limit()
    {
        var input = new EndlessReader(' ');

        var run = SpecialFiles.RunGuarded(input, "validate", "-");

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("larger than the 16,777,216-byte limit", run.Output, StringComparison.Ordinal);
        Assert.True(input.CharactersRead < 17L * 1024 * 1024);
    }

    // A 1.1 GB body used to abort the runtime (exit 134) and 900 MB took 3.6 GB of memory.
    [Fact]
    public void Endless_standard_input_to_request_is_refused_at_the_limit()
    {
        var input = new EndlessReader('a');

        var run = SpecialFiles.RunGuarded(input, "request");

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("the body is 1,048,577 characters; a transition request body may be at most 1,048,576 characters (1 MiB).", run.Output, StringComparison.Ordinal);
        Assert.True(input.CharactersRead < 2L * 1024 * 1024);
    }

    [Fact]
    public void An_endless_line_to_compare_batch_stops_the_batch_at_the_limit()
    {
        var input = new EndlessReader('1');

        var run = SpecialFiles.RunGuarded(input, "compare", "--batch", "--scheme", "rpm");

        Assert.Equal(1, run.ExitCode);
        Assert.Equal("swrel: line 1 is longer than 65,536 characters; a line holds two versions and a tab. Stopped.", run.Error.Trim());
        Assert.True(input.CharactersRead < 1024 * 1024);
    }

    [Fact]
    public void A_request_of_repeated_fields_reports_one_problem_for_them()
    {
        var body = string.Concat(Enumerable.Repeat("Ticket_Id=1&", 50_000)) + "Previous_Rollout_Progress=Submitted&Current_Rollout_Progress=Unverified&Emergency_Release=No";

        var run = SpecialFiles.RunGuarded(new StringReader(body), "request");

        Assert.Equal(1, run.ExitCode);
        Assert.Equal("invalid: 1 problem\n  - Ticket_Id is given 50,000 times (again at line 1, column 23); give it once.", run.Output.Trim().ReplaceLineEndings("\n"));
    }

    [Fact]
    public void A_request_with_a_padded_state_is_refused_with_the_field_and_its_position()
    {
        var run = SpecialFiles.RunGuarded(
            new StringReader("{\"Ticket_Id\": 1, \"Previous_Rollout_Progress\": \"Submitted\", \"Current_Rollout_Progress\": \" Unverified\"}"),
            "request");

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("Current_Rollout_Progress (line 1, column 88): ' Unverified' is not a RolloutProgress state", run.Output, StringComparison.Ordinal);
    }

    private string Special(string kind) => kind switch
    {
        "fifo" => SpecialFiles.MakeFifo(Path.Combine(_folder, "pipe")),
        "folder" => Directory.CreateDirectory(Path.Combine(_folder, "a-folder")).FullName,
        _ => kind,
    };

    private static string What(string kind) => kind switch
    {
        "fifo" => "a FIFO (named pipe)",
        "folder" => "a folder",
        _ => "a character device",
    };
}
