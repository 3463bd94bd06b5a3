using System.ComponentModel;
using System.Diagnostics;

namespace SwRel.Repository.Publication;

/// <summary>Runs one of the publisher's programs and fails with a sentence naming it, its folder and its error output.</summary>
internal static class ExternalProgram
{
    /// <summary>Returns the full path of a program named without a folder, found on <c>PATH</c>; otherwise the name as given.</summary>
    /// <remarks>For programs that others start by path (rpmsign runs gpg with <c>execv</c>, which does not search <c>PATH</c>).</remarks>
    public static string FullPath(string program)
    {
        if (program.Contains('/', StringComparison.Ordinal))
        {
            return program;
        }

        foreach (var folder in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator))
        {
            var candidate = Path.Combine(folder, program);
            if (folder.Length > 0 && File.Exists(candidate))
            {
                return candidate;
            }
        }

        return program;
    }

    /// <summary>Runs a program to its end and returns its standard output.</summary>
    /// <param name="program">The program (a name on <c>PATH</c> or a path).</param>
    /// <param name="package">The Debian package that provides it, named when it cannot start.</param>
    /// <param name="arguments">Its arguments.</param>
    /// <param name="workingDirectory">The folder it runs in.</param>
    /// <param name="where">The folder named in messages.</param>
    /// <param name="timeout">How long it may run.</param>
    /// <param name="cancellationToken">Cancels it (the program is killed with its children).</param>
    /// <exception cref="InvalidOperationException">It could not start, ran too long or exited with a non-zero code.</exception>
    public static async Task<byte[]> RunAsync(
        string program, string package, IEnumerable<string> arguments, string workingDirectory, string where, TimeSpan timeout,
        CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        // Programs that ask (gpg, rpmsign) must never wait for a terminal that is not there.
        start.Environment["LC_ALL"] = "C";
        Process process;
        try
        {
            process = Process.Start(start) ?? throw new InvalidOperationException($"'{program}' could not be started.");
        }
        catch (Win32Exception e)
        {
            throw new InvalidOperationException(
                $"'{program}' could not be started to publish {where}: {e.Message}. It comes with the Debian package {package}.", e);
        }

        using (process)
        {
            process.StandardInput.Close();
            using var output = new MemoryStream();
            var copy = process.StandardOutput.BaseStream.CopyToAsync(output, cancellationToken);
            var error = process.StandardError.ReadToEndAsync(cancellationToken);
            using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            limit.CancelAfter(timeout);
            try
            {
                await process.WaitForExitAsync(limit.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                cancellationToken.ThrowIfCancellationRequested();
                throw new InvalidOperationException($"'{program}' did not finish on {where} within {timeout}; it was stopped.");
            }

            await copy.ConfigureAwait(false);
            var stderr = (await error.ConfigureAwait(false)).Trim();
            return process.ExitCode == 0
                ? output.ToArray()
                : throw new InvalidOperationException(
                    $"'{program}' failed on {where} with exit code {process.ExitCode}{(stderr.Length > 0 ? ": " + stderr : ".")}");
        }
    }
}
