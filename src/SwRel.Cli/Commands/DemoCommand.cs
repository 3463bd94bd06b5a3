using System.CommandLine;
using SwRel.Cli.Demo;

namespace SwRel.Cli.Commands;

/// <summary>
/// <c>swrel demo [--keep DIR] [--serve]</c>: one release walked through the whole workflow by the Repo daemon, on a
/// throw-away repository (SPEC §13).
/// </summary>
internal static class DemoCommand
{
    public static Command Create(CliConsole console)
    {
        var keep = new Option<string?>("--keep")
        {
            Description = "Build the demo in DIR (a new or empty folder) and keep it, instead of a temporary folder that is removed: its data folder DIR/data is one that 'swrel serve --data-dir' opens.",
            HelpName = "DIR",
        };
        var serve = new Option<bool>("--serve")
        {
            Description = "After the walk, keep the daemon up and print its status page's address until Ctrl+C or SIGTERM.",
        };
        var format = CommonOptions.Format();
        var command = new Command(
            "demo",
            "Walk one release through Submitted -> Unverified -> InVerification -> StageRollout -> Production through the Repo daemon (started on a free loopback port with its embedded ticket store), on a throw-away repository.");
        command.Options.Add(keep);
        command.Options.Add(serve);
        command.Options.Add(format);
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var keepFolder = parseResult.GetValue(keep);
            var json = parseResult.GetValue(format) == OutputFormat.Json;
            var folder = keepFolder is null ? Directory.CreateTempSubdirectory("swrel-demo-").FullName : PrepareKeptFolder(keepFolder);
            try
            {
                var runner = new DemoRunner(console, folder, json) { StayUp = parseResult.GetValue(serve) };
                var exit = await runner.RunAsync(cancellationToken).ConfigureAwait(false);
                if (!json)
                {
                    console.Out.WriteLine(keepFolder is null
                        ? "The work folder was removed; run with --keep DIR to look at it."
                        : $"The work folder is kept: {folder}; run the daemon on it again with: swrel serve --data-dir {runner.DataPath} --api-token-file {runner.TokenPath}");
                }

                return exit;
            }
            finally
            {
                if (keepFolder is null)
                {
                    TryDelete(folder);
                }
            }
        });
        return command;
    }

    private static string PrepareKeptFolder(string folder)
    {
        var full = Path.GetFullPath(folder);
        if (File.Exists(full) || (Directory.Exists(full) && Directory.EnumerateFileSystemEntries(full).Any()))
        {
            throw new UsageException($"--keep {folder}: the folder must be new or empty.");
        }

        Directory.CreateDirectory(full);
        return full;
    }

    private static void TryDelete(string folder)
    {
        try
        {
            Directory.Delete(folder, recursive: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // A leftover temp folder is harmless; the demo's result stands.
        }
    }
}
