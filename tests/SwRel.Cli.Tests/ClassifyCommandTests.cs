using System.Text.Json;

namespace SwRel.Cli.Tests;

public sealed class ClassifyCommandTests
{
    // SPEC §13: "swrel classify PREVIOUS NEXT prints major, minor or revision".
    [Theory]
    [InlineData("1.2.3", "2.0.0", "major")]
    [InlineData("1.2.3", "1.3.0", "minor")]
    [InlineData("1.2.3", "1.2.4", "revision")]
    public void The_kind_of_release_is_printed(string previous, string next, string kind)
    {
        var run = ToolRunner.Run("classify", previous, next);

        Assert.Equal(ExitCodes.Ok, run.ExitCode);
        Assert.Equal(kind, run.Output.Trim());
        Assert.Equal("", run.Error);
    }

    // SPEC §10: "a skipped number is a warning".
    [Fact]
    public void A_skipped_number_is_a_warning_on_standard_error()
    {
        var run = ToolRunner.Run("classify", "1.2.0", "1.4.0");

        Assert.Equal(ExitCodes.Ok, run.ExitCode);
        Assert.Equal("minor", run.Output.Trim());
        Assert.Contains("warning: ", run.Error, StringComparison.Ordinal);
        Assert.Contains("skips minor version 1.3", run.Error, StringComparison.Ordinal);
    }

    // SPEC §10: "an equal or older next is an error".
    [Theory]
    [InlineData("1.2.3", "1.2.3")]
    [InlineData("1.2.3", "1.0.0")]
    public void An_equal_or_older_version_exits_1(string previous, string next)
    {
        var run = ToolRunner.Run("classify", previous, next);

        Assert.Equal(ExitCodes.Invalid, run.ExitCode);
        Assert.Equal("", run.Output);
        Assert.Contains("error: ", run.Error, StringComparison.Ordinal);
    }

    // SPEC §10: "A ReleaseType that contradicts the classification is reported."
    [Fact]
    public void A_contradicting_release_type_exits_1()
    {
        var run = ToolRunner.Run("classify", "1.2.3", "2.0.0", "--release-type", "Incremental");

        Assert.Equal(ExitCodes.Invalid, run.ExitCode);
        Assert.Contains("NonIncremental", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_matching_release_type_is_accepted_in_any_case()
    {
        var run = ToolRunner.Run("classify", "1.2.3", "1.2.4", "--release-type", "incremental");

        Assert.Equal(ExitCodes.Ok, run.ExitCode);
        Assert.Equal("revision", run.Output.Trim());
    }

    [Fact]
    public void An_unparsable_version_exits_1_with_the_reason()
    {
        var run = ToolRunner.Run("classify", "1.2", "1.3.0");

        Assert.Equal(ExitCodes.Invalid, run.ExitCode);
        Assert.Contains("UMD version '1.2'", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_release_type_is_a_usage_error()
    {
        var run = ToolRunner.Run("classify", "1.2.3", "1.2.4", "--release-type", "Sometimes");

        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        Assert.Contains("Sometimes", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Json_output_carries_kind_release_types_warnings_and_errors()
    {
        var run = ToolRunner.Run("classify", "1.2.3", "3.0.1", "--release-type", "Incremental", "--format", "json");

        Assert.Equal(ExitCodes.Invalid, run.ExitCode);
        using var document = JsonDocument.Parse(run.Output);
        var root = document.RootElement;
        Assert.Equal("major", root.GetProperty("kind").GetString());
        Assert.Equal("Incremental", root.GetProperty("releaseType").GetString());
        Assert.Equal("NonIncremental", root.GetProperty("expectedReleaseType").GetString());
        Assert.False(root.GetProperty("valid").GetBoolean());
        Assert.Equal(2, root.GetProperty("warnings").GetArrayLength());
        Assert.Equal(1, root.GetProperty("errors").GetArrayLength());
    }
}
