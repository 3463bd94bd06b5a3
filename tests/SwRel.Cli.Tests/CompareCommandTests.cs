using System.Text.Json;

namespace SwRel.Cli.Tests;

public sealed class CompareCommandTests
{
    // SPEC §13: "swrel compare A B --scheme umd|rpm|deb|semver prints -1, 0 or 1".
    [Theory]
    [InlineData("rpm", "1.0~rc1", "1.0", "-1")]
    [InlineData("rpm", "1.0^git1", "1.0", "1")]
    [InlineData("rpm", "2.0", "2_0", "0")]
    [InlineData("deb", "1:1.0", "2.0", "1")]
    [InlineData("deb", "1.0~beta1-1", "1.0-1", "-1")]
    [InlineData("semver", "1.0.0-rc.1", "1.0.0", "-1")]
    [InlineData("semver", "1.0.0+a", "1.0.0+b", "0")]
    [InlineData("umd", "4.10.0", "4.9.3", "1")]
    public void Two_versions_print_their_order(string scheme, string a, string b, string expected)
    {
        var run = ToolRunner.Run("compare", a, b, "--scheme", scheme);

        Assert.Equal(ExitCodes.Ok, run.ExitCode);
        Assert.Equal(expected, run.Output.Trim());
        Assert.Equal("", run.Error);
    }

    [Fact]
    public void An_unparsable_version_exits_1_with_the_reason()
    {
        var run = ToolRunner.Run("compare", "1.02.3", "1.0.0", "--scheme", "semver");

        Assert.Equal(ExitCodes.Invalid, run.ExitCode);
        Assert.Equal("", run.Output);
        Assert.Contains("numeric identifiers must not have leading zeros", run.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Json_output_carries_the_scheme_the_versions_and_the_result()
    {
        var run = ToolRunner.Run("compare", "1.0.0+b", "2.0.0", "--scheme", "semver", "--format", "json");

        Assert.Equal(ExitCodes.Ok, run.ExitCode);
        using var document = JsonDocument.Parse(run.Output);
        var root = document.RootElement;
        Assert.Equal("semver", root.GetProperty("scheme").GetString());
        Assert.Equal("1.0.0+b", root.GetProperty("a").GetString());
        Assert.Equal("2.0.0", root.GetProperty("b").GetString());
        Assert.Equal(-1, root.GetProperty("result").GetInt32());
    }

    [Fact]
    public void Batch_writes_one_result_per_line_and_goes_on_after_a_bad_line()
    {
        var input = "1.0\t2.0\nnot-a-pair\n2.0\t1.0\n1.0-\t1.0\n1.0\t1.0\n";

        var run = ToolRunner.RunWithInput(input, "compare", "--batch", "--scheme", "rpm");

        Assert.Equal(ExitCodes.Invalid, run.ExitCode);
        var lines = run.Output.Split('\n', StringSplitOptions.None);
        Assert.Equal("-1", lines[0]);
        Assert.StartsWith("error: ", lines[1], StringComparison.Ordinal);
        Assert.Contains("tab", lines[1], StringComparison.Ordinal);
        Assert.Equal("1", lines[2]);
        Assert.Equal("error: RPM version '1.0-' has an empty release after '-'.", lines[3]);
        Assert.Equal("0", lines[4]);
    }

    [Fact]
    public void Batch_without_errors_exits_0_and_keeps_blank_lines_aligned()
    {
        var run = ToolRunner.RunWithInput("1.2.3\t1.2.4\r\n\r\n2.0.0\t1.9.9\r\n", "compare", "--batch", "--scheme", "umd");

        Assert.Equal(ExitCodes.Ok, run.ExitCode);
        Assert.Equal(["-1", "", "1"], run.Output.TrimEnd('\n').Split('\n'));
    }

    [Fact]
    public void Batch_json_writes_one_object_per_line_with_its_line_number()
    {
        var run = ToolRunner.RunWithInput("1.0\t2.0\n\nbad\n", "compare", "--batch", "--scheme", "deb", "--format", "json");

        Assert.Equal(ExitCodes.Invalid, run.ExitCode);
        var lines = run.Output.TrimEnd('\n').Split('\n');
        Assert.Equal(2, lines.Length);
        using (var first = JsonDocument.Parse(lines[0]))
        {
            Assert.Equal(1, first.RootElement.GetProperty("line").GetInt32());
            Assert.Equal(-1, first.RootElement.GetProperty("result").GetInt32());
        }

        using var second = JsonDocument.Parse(lines[1]);
        Assert.Equal(3, second.RootElement.GetProperty("line").GetInt32());
        Assert.Equal(JsonValueKind.Null, second.RootElement.GetProperty("result").ValueKind);
        Assert.False(string.IsNullOrEmpty(second.RootElement.GetProperty("error").GetString()));
    }

    [Fact]
    public void A_Debian_version_against_policy_is_compared_with_a_warning_as_dpkg_does()
    {
        var run = ToolRunner.Run("compare", "abc", "1.0", "--scheme", "deb");

        Assert.Equal(ExitCodes.Ok, run.ExitCode);
        Assert.Equal("1", run.Output.Trim());
        Assert.Contains("does not start with a digit", run.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("compare", "1", "2", "--scheme", "cobol")]
    [InlineData("compare", "1", "2")]
    [InlineData("compare", "1", "--scheme", "rpm")]
    [InlineData("compare", "1", "2", "--scheme", "rpm", "--batch")]
    public void Usage_mistakes_exit_2(params string[] args)
    {
        var run = ToolRunner.Run(args);

        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        Assert.NotEqual("", run.Error);
        Assert.DoesNotContain("   at ", run.Error, StringComparison.Ordinal);
    }
}
