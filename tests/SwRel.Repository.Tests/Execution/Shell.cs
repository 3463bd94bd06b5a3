using System.Diagnostics;

namespace SwRel.Repository.Tests.Execution;

/// <summary>Runs a small <c>sh</c> script in a folder, for trees .NET cannot make (names that are not UTF-8, very deep paths).</summary>
internal static class Shell
{
    public static void Run(string folder, string script)
    {
        using var process = Process.Start(new ProcessStartInfo("sh", ["-c", script]) { WorkingDirectory = folder, UseShellExecute = false })!;
        process.WaitForExit();
        Assert.Equal(0, process.ExitCode);
    }
}
