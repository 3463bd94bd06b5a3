using SwRel.Tests;

namespace SwRel.Repository.Tests;

public sealed class RequiredProgramTests
{
    [Fact]
    public void A_missing_program_fails_the_test_with_the_command_that_installs_it()
    {
        var program = new RequiredProgram("swrel-no-such-program", "swrel-no-such-package");

        var failure = Assert.ThrowsAny<Xunit.Sdk.XunitException>(() => program.Path());

        Assert.Equal(
            "swrel-no-such-program is not installed: run `sudo apt-get install swrel-no-such-package` or "
            + "`sudo bash tests/install-test-programs.sh`, which installs every program the tests run.",
            failure.Message);
    }

    [Fact]
    public void The_setup_script_installs_every_program_the_tests_run()
    {
        var script = File.ReadAllText(Path.Combine(RepositoryRoot.Find(), RequiredProgram.SetupScript));

        foreach (var program in RequiredProgram.All)
        {
            Assert.Contains($"\"{program.Command} {program.DebianPackage}\"", script, StringComparison.Ordinal);
        }
    }
}
