using System.Diagnostics;

namespace SwRel.Repository.Tests.Execution;

/// <summary>Makes named pipes with the real <c>mkfifo</c> program: a reader that opens one without a writer waits forever.</summary>
internal static class Fifo
{
    public static void Make(string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        using var process = Process.Start(new ProcessStartInfo("mkfifo", [path]) { UseShellExecute = false })!;
        process.WaitForExit();
        Assert.Equal(0, process.ExitCode);
    }
}
