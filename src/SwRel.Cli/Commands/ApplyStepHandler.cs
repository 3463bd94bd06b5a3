using System.ComponentModel;
using System.Diagnostics;
using SwRel.Metadata.Checksums;
using SwRel.Repository.Execution;
using SwRel.Repository.Planning;
using SwRel.Repository.Transports;

namespace SwRel.Cli.Commands;

/// <summary>
/// The steps <c>swrel apply</c> carries out itself: fetch through the transports, verify with the checksum
/// verifier, refresh-index by running <c>--index-command</c>, set-repository-url by reporting the URL (there is
/// no ticket system here).
/// </summary>
internal sealed class ApplyStepHandler(TransportFactory transports, string? indexCommand) : IPlanStepHandler
{
    public bool CanHandle(string kind) => kind switch
    {
        FetchStep.KindName or VerifyStep.KindName or SetRepositoryUrlStep.KindName => true,
        RefreshIndexStep.KindName => indexCommand is not null,
        _ => false,
    };

    public async ValueTask<string> HandleAsync(PlanStepContext context, CancellationToken cancellationToken)
    {
        switch (context.Step)
        {
            case FetchStep fetch:
                var result = await transports.Create(fetch.Protocol)
                    .FetchAsync(fetch.Source, context.LocalPath(fetch.Destination), cancellationToken)
                    .ConfigureAwait(false);
                return $"fetched {result.Files.Length} files ({result.Bytes} bytes) from {fetch.Source} into {fetch.Destination}";
            case VerifyStep verify:
                return await VerifyAsync(context.LocalPath(verify.Root), verify, cancellationToken).ConfigureAwait(false);
            case RefreshIndexStep refresh:
                await RunIndexCommandAsync(context.LocalPath(refresh.Path), cancellationToken).ConfigureAwait(false);
                return $"ran {indexCommand} on {refresh.Path}";
            case SetRepositoryUrlStep set:
                return $"RepositoryURL: {set.Path} (printed only: swrel apply has no ticket system)";
            default:
                throw new InvalidOperationException($"swrel apply cannot run {context.Step.Kind} steps.");
        }
    }

    private static async Task<string> VerifyAsync(string folder, VerifyStep verify, CancellationToken cancellationToken)
    {
        var manifestPath = Path.Combine(folder, verify.Manifest.Replace('/', Path.DirectorySeparatorChar));
        if (!File.Exists(manifestPath))
        {
            throw new InvalidOperationException($"The checksum manifest '{verify.Manifest}' is not in {verify.Root}.");
        }

        var read = ChecksumManifestReader.ReadFile(manifestPath);
        if (!read.Succeeded)
        {
            throw new InvalidOperationException(
                $"The checksum manifest '{verify.Manifest}' in {verify.Root} is unusable: {string.Join("; ", read.Errors.Take(5))}");
        }

        var report = await new ChecksumVerifier().VerifyAsync(read.Manifest!, folder, progress: null, cancellationToken).ConfigureAwait(false);
        if (report.IsRefused)
        {
            throw new InvalidOperationException(
                $"The checksum manifest '{verify.Manifest}' in {verify.Root} was refused: {string.Join("; ", report.Refused.Take(5))}");
        }

        var failed = report.Entries.Where(e => e.Status != EntryStatus.Ok).ToArray();
        if (failed.Length > 0)
        {
            throw new InvalidOperationException(
                $"Checksum verification of {verify.Root} failed for {failed.Length} of {report.Entries.Length} files: "
                + string.Join("; ", failed.Take(5).Select(e => $"{e.Path}: {e.Status}{(e.Reason is null ? "" : " (" + e.Reason + ")")}")));
        }

        return $"verified {report.Entries.Length} files against {verify.Manifest}";
    }

    private async Task RunIndexCommandAsync(string folder, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(indexCommand!)
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(folder);
        Process process;
        try
        {
            process = Process.Start(start) ?? throw new InvalidOperationException($"The index command '{indexCommand}' did not start.");
        }
        catch (Win32Exception e)
        {
            throw new InvalidOperationException($"The index command '{indexCommand}' could not be started: {e.Message}", e);
        }

        using (process)
        {
            var errors = process.StandardError.ReadToEndAsync(cancellationToken);
            var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
            try
            {
                await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                throw;
            }

            var stderr = (await errors.ConfigureAwait(false)).Trim();
            await output.ConfigureAwait(false);
            if (process.ExitCode != 0)
            {
                throw new InvalidOperationException($"The index command '{indexCommand} {folder}' failed with exit status {process.ExitCode}: {stderr}");
            }
        }
    }
}
