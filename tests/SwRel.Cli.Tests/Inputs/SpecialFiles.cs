using System.Diagnostics;

namespace SwRel.Cli.Tests.Inputs;

/// <summary>Makes the special files a command must refuse, and runs a command with a guard against it hanging.</summary>
internal static class SpecialFiles
{
    /// <summary>Creates a FIFO (named pipe) with the system's <c>mkfifo</c>.</summary>
    public static string MakeFifo(string path)
    {
        using var process = Process.Start(new ProcessStartInfo("mkfifo", [path]) { UseShellExecute = false })!;
        Assert.True(process.WaitForExit(10_000), "mkfifo did not finish");
        Assert.Equal(0, process.ExitCode);
        return path;
    }

    /// <summary>Creates a sparse file of the given size (no disk blocks are written).</summary>
    public static string MakeSparse(string path, long length)
    {
        using var stream = new FileStream(path, FileMode.CreateNew, FileAccess.Write);
        stream.SetLength(length);
        return path;
    }

    /// <summary>Runs the tool and fails the test, instead of hanging it, when the command does not finish in time.</summary>
    public static ToolRun RunGuarded(TextReader input, params string[] args)
    {
        var run = Task.Run(() =>
        {
            using var stdout = new StringWriter();
            using var stderr = new StringWriter();
            var exit = SwRelApp.Run(args, new CliConsole(input, stdout, stderr, IsErrorTerminal: false));
            return new ToolRun(exit, stdout.ToString(), stderr.ToString());
        });
        // A command that waits on its input never finishes, so the limit only has to be longer than any loaded machine takes.
        Assert.True(run.Wait(TimeSpan.FromMinutes(2)), $"swrel {string.Join(' ', args)} did not finish: it is waiting on or streaming its input");
        return run.Result;
    }

    /// <summary>Runs the tool with empty input and a hang guard.</summary>
    public static ToolRun RunGuarded(params string[] args) => RunGuarded(new StringReader(string.Empty), args);
}
