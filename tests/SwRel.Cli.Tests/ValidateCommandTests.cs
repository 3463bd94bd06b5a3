using System.Text.Json;

namespace SwRel.Cli.Tests;

// SPEC §13: "swrel validate FILE... — parse and schema-validate release.xml files; errors with file:line:col".
public sealed class ValidateCommandTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("swrel-validate-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static string Example(string name) => Path.Combine(AppContext.BaseDirectory, "TestData", "Releases", name);

    private static string Argus => Example("INFN.argus.centos7.x86_64-1.7.3.xml");

    private static string Nrms => Example("nrms-minimal.xml");

    private string BrokenCopy()
    {
        var path = Path.Combine(_folder, "broken.xml");
        File.WriteAllText(path, File.ReadAllText(Argus)
            .Replace("<release:ISODate>20180305</release:ISODate>", "<release:ISODate>20180231</release:ISODate>", StringComparison.Ordinal)
            .Replace("<UMDmeta:targetArch>x86_64</UMDmeta:targetArch>", "<UMDmeta:targetArch>noarch</UMDmeta:targetArch>", StringComparison.Ordinal));
        return path;
    }

    [Fact]
    public void Both_examples_are_valid_and_the_exit_code_is_0()
    {
        var run = ToolRunner.Run("validate", Argus, Nrms);

        Assert.Equal(ExitCodes.Ok, run.ExitCode);
        Assert.Contains($"{Argus}: valid repo.egi.eu 0.2 descriptor of INFN.argus.centos7.x86_64 1.7.3", run.Output, StringComparison.Ordinal);
        Assert.Contains($"{Nrms}: valid NRMS 2010 descriptor of EMI 3.2.1", run.Output, StringComparison.Ordinal);
        Assert.Equal("", run.Error);
    }

    [Fact]
    public void Every_problem_is_printed_as_file_line_col_severity_message_and_the_exit_code_is_1()
    {
        var broken = BrokenCopy();

        var run = ToolRunner.Run("validate", Argus, broken);

        Assert.Equal(ExitCodes.Invalid, run.ExitCode);
        var lines = run.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Contains(lines, l => l.StartsWith($"{broken}:11:3: warning: ISODate '20180231' is not a real date", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith($"{broken}:4:3: error: productShortName 'INFN.argus.centos7.x86_64' names architecture 'x86_64'", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith($"{Argus}: valid", StringComparison.Ordinal));
    }

    [Fact]
    public void A_missing_file_is_an_error_for_that_file_only()
    {
        var missing = Path.Combine(_folder, "missing.xml");

        var run = ToolRunner.Run("validate", missing, Nrms);

        Assert.Equal(ExitCodes.Invalid, run.ExitCode);
        Assert.Contains($"{missing}:0:0: error: cannot read the file: file not found", run.Output, StringComparison.Ordinal);
        Assert.Contains($"{Nrms}: valid", run.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", run.Output + run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Json_output_lists_each_file_with_its_errors()
    {
        var broken = BrokenCopy();

        var run = ToolRunner.Run("validate", Argus, broken, "--format", "json");

        Assert.Equal(ExitCodes.Invalid, run.ExitCode);
        using var json = JsonDocument.Parse(run.Output);
        var root = json.RootElement;
        Assert.False(root.GetProperty("valid").GetBoolean());
        var files = root.GetProperty("files");
        Assert.Equal(2, files.GetArrayLength());
        Assert.True(files[0].GetProperty("valid").GetBoolean());
        Assert.Equal("repo.egi.eu 0.2", files[0].GetProperty("dialect").GetString());
        Assert.Equal("1.7.3", files[0].GetProperty("version").GetString());
        var errors = files[1].GetProperty("errors");
        Assert.Equal(2, errors.GetArrayLength());
        var date = errors.EnumerateArray().First(e => e.GetProperty("line").GetInt32() == 11);
        Assert.Equal(3, date.GetProperty("column").GetInt32());
        Assert.Equal("warning", date.GetProperty("severity").GetString());
        var arch = errors.EnumerateArray().First(e => e.GetProperty("line").GetInt32() == 4);
        Assert.Equal("error", arch.GetProperty("severity").GetString());
    }

    // SPEC §8: real descriptors with free text in display fields "must validate, with warnings. A strict mode turns
    // warnings into errors."
    [Fact]
    public void A_free_text_documentation_link_is_a_warning_and_strict_makes_it_an_error()
    {
        var path = Path.Combine(_folder, "emi.xml");
        File.WriteAllText(path, File.ReadAllText(Argus).Replace(
            "<release:documentationLink>https://argus-documentation.readthedocs.io/</release:documentationLink>",
            "<release:documentationLink>no documentation available</release:documentationLink>",
            StringComparison.Ordinal));

        var lenient = ToolRunner.Run("validate", path);
        var strict = ToolRunner.Run("validate", "--strict", path, "--format", "json");

        Assert.Equal(ExitCodes.Ok, lenient.ExitCode);
        Assert.Contains($"{path}:10:3: warning: documentationLink 'no documentation available' is not a URL", lenient.Output, StringComparison.Ordinal);
        Assert.Contains($"{path}: valid repo.egi.eu 0.2 descriptor", lenient.Output, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.Invalid, strict.ExitCode);
        using var json = JsonDocument.Parse(strict.Output);
        var file = json.RootElement.GetProperty("files")[0];
        Assert.False(file.GetProperty("valid").GetBoolean());
        Assert.Equal("error", Assert.Single(file.GetProperty("errors").EnumerateArray()).GetProperty("severity").GetString());
    }

    [Fact]
    public void Standard_input_is_read_for_a_dash()
    {
        var run = ToolRunner.RunWithInput(File.ReadAllText(Nrms), "validate", "-");

        Assert.Equal(ExitCodes.Ok, run.ExitCode);
        Assert.Contains("-: valid NRMS 2010", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void A_hostile_document_is_invalid_without_a_crash()
    {
        var path = Path.Combine(_folder, "xxe.xml");
        File.WriteAllText(path, "<!DOCTYPE Release [<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]>\n<Release><DistributionName>&xxe;</DistributionName></Release>");

        var run = ToolRunner.Run("validate", path);

        Assert.Equal(ExitCodes.Invalid, run.ExitCode);
        Assert.Contains($"{path}:1:1: error: The DOCTYPE has an internal subset", run.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("root:", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void Without_a_file_it_is_a_usage_error()
    {
        var run = ToolRunner.Run("validate");

        Assert.Equal(ExitCodes.Usage, run.ExitCode);
    }
}
