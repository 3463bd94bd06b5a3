using SwRel.Tests;

namespace SwRel.Cli.Tests.Packaging;

/// <summary>
/// Packs every package into a local folder and uses the packages as an integrator would: the tool
/// installed into a tool path, the libraries referenced by a separate consumer project.
/// </summary>
public sealed class PackagingTests : IDisposable
{
#if DEBUG
    private const string Configuration = "Debug";
#else
    private const string Configuration = "Release";
#endif

    // A native AOT publish of the tool (ASP.NET Core, SQLite, the RT client) takes several minutes on two cores;
    // the limit only stops a hung SDK.
    private static readonly TimeSpan s_sdkTimeout = TimeSpan.FromMinutes(20);

    private readonly string _work = Directory.CreateTempSubdirectory("swrel-pack-").FullName;
    private readonly string _version = $"0.1.0-pack.{DateTime.UtcNow:yyyyMMddHHmmss}.{Environment.ProcessId}";

    [Fact]
    public void The_packages_install_as_a_tool_and_serve_a_consumer_project()
    {
        var root = RepositoryRoot.Find();
        var feed = Path.Combine(_work, "feed");

        var pack = Dotnet(root, "pack", "SwRel.sln", "-c", Configuration, "--no-build", "-o", feed, $"-p:PackageVersion={_version}");
        Assert.True(pack.ExitCode == 0, pack.ToString());
        foreach (var id in new[] { "SwRel.Domain", "SwRel.Metadata", "SwRel.Repository", "SwRel.Cli" })
        {
            Assert.True(File.Exists(Path.Combine(feed, $"{id}.{_version}.nupkg")), $"{id} was not packed:\n{pack}");
        }

        foreach (var id in new[] { "SwRel.Domain", "SwRel.Metadata", "SwRel.Repository" })
        {
            Assert.True(File.Exists(Path.Combine(feed, $"{id}.{_version}.snupkg")), $"{id} has no symbol package:\n{pack}");
        }

        var tools = Path.Combine(_work, "tools");
        var install = Dotnet(_work, "tool", "install", "SwRel.Cli", "--tool-path", tools, "--add-source", feed, "--version", _version);
        Assert.True(install.ExitCode == 0, install.ToString());

        var version = ProcessRunner.Run(Path.Combine(tools, "swrel"), _work, TimeSpan.FromMinutes(1), "--version");
        Assert.True(version.ExitCode == 0, version.ToString());
        Assert.StartsWith("0.1.0", version.Output.Trim(), StringComparison.Ordinal);

        var consumer = ConsumerProject.Write(Path.Combine(_work, "consumer"), feed, _version);
        var run = Dotnet(consumer, "run", "-c", "Release");
        Assert.True(run.ExitCode == 0, run.ToString());
        ConsumerProject.AssertOutput(run.Output);
    }

    // The libraries and the tool are marked IsAotCompatible and warnings are errors, so a trimming or
    // AOT warning anywhere fails this publish; the native tool then runs a whole release through the demo.
    // PublishAot reaches the libraries' builds too and changes their inputs, so in the checkout's own bin and obj
    // folders it would recompile them while `dotnet test SwRel.sln` may still be building against them: the
    // publish builds in its own artifacts folder instead.
    [Fact]
    public void The_tool_publishes_as_a_native_executable_that_runs_the_demo()
    {
        var root = RepositoryRoot.Find();
        var output = Path.Combine(_work, "native");
        var publish = Dotnet(root, "publish", "src/SwRel.Cli/SwRel.Cli.csproj", "-c", Configuration,
            "-r", "linux-x64", "-p:PublishAot=true", "--artifacts-path", Path.Combine(_work, "artifacts"), "-o", output);
        Assert.True(publish.ExitCode == 0, publish.ToString());
        Assert.DoesNotContain("warning IL", publish.Output, StringComparison.Ordinal);

        var swrel = Path.Combine(output, "swrel");
        var version = ProcessRunner.Run(swrel, _work, TimeSpan.FromMinutes(1), "--version");
        Assert.True(version.ExitCode == 0, version.ToString());

        // The demo itself waits up to two minutes for each of its transitions; this limit only stops a hung demo.
        var demo = ProcessRunner.Run(swrel, _work, TimeSpan.FromMinutes(10), "demo");
        Assert.True(demo.ExitCode == 0, demo.ToString());
        Assert.Contains("history: Submitted -> Unverified -> InVerification -> StageRollout -> Production", demo.Output, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_work, recursive: true);
        }
        catch (IOException)
        {
        }

        // The unique test version must not pile up in the machine's package cache.
        var cache = Environment.GetEnvironmentVariable("NUGET_PACKAGES")
            ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        foreach (var id in new[] { "swrel.domain", "swrel.metadata", "swrel.repository", "swrel.repository.sqlite", "swrel.cli" })
        {
            var folder = Path.Combine(cache, id, _version.ToLowerInvariant());
            if (Directory.Exists(folder))
            {
                Directory.Delete(folder, recursive: true);
            }
        }
    }

    private static ProcessResult Dotnet(string workingDirectory, params string[] arguments) =>
        ProcessRunner.Run("dotnet", workingDirectory, s_sdkTimeout, arguments);
}
