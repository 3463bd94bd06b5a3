using System.Collections.Immutable;
using System.Diagnostics;
using System.Text;
using SwRel.Metadata.Checksums;
using SwRel.Repository.Execution;
using SwRel.Repository.Planning;
using SwRel.Repository.Transports;

namespace SwRel.Repository.Pipeline;

/// <summary>
/// The executor's handler for the steps that are not file-system work, during one pipeline run:
/// fetch through a transport, verify against the ticket's manifest, run the index command, and
/// leave RepositoryURL to the processor.
/// </summary>
internal sealed class PipelineStepHandler(
    TransportFactory transports,
    ChecksumVerifier verifier,
    ChecksumManifest? ticketManifest,
    string? refreshIndexCommand,
    ImmutableArray<string> refreshIndexArguments) : IPlanStepHandler
{
    private const int MaxProblemsShown = 10;

    public bool CanHandle(string kind) => kind is FetchStep.KindName or VerifyStep.KindName or RefreshIndexStep.KindName or SetRepositoryUrlStep.KindName;

    public async ValueTask<string> HandleAsync(PlanStepContext context, CancellationToken cancellationToken)
    {
        switch (context.Step)
        {
            case FetchStep fetch:
                var transport = transports.Create(fetch.Protocol);
                var fetched = await transport.FetchAsync(fetch.Source, context.LocalPath(fetch.Destination), cancellationToken).ConfigureAwait(false);
                return $"fetched {fetched.Files.Length} files ({fetched.Bytes} bytes) from {fetch.Source}";
            case VerifyStep verify:
                return await VerifyAsync(context.LocalPath(verify.Root), verify.Manifest, cancellationToken).ConfigureAwait(false);
            case RefreshIndexStep refresh:
                return await RefreshAsync(context.LocalPath(refresh.Path), cancellationToken).ConfigureAwait(false);
            case SetRepositoryUrlStep url:
                return $"RepositoryURL {url.Path} is set on the ticket after the run";
            default:
                throw new InvalidOperationException($"The pipeline does not carry out '{context.Step.Kind}' steps.");
        }
    }

    private async ValueTask<string> VerifyAsync(string root, string manifestName, CancellationToken cancellationToken)
    {
        var manifest = ticketManifest ?? ReadTreeManifest(root, manifestName);
        var report = await verifier.VerifyAsync(manifest, root, progress: null, cancellationToken).ConfigureAwait(false);
        if (report.IsRefused)
        {
            throw new RepositoryActionException(
                "The checksum manifest was refused: " + string.Join("; ", report.Refused.Take(MaxProblemsShown).Select(p => p.ToString())) + ".");
        }

        if (!report.AllOk)
        {
            var bad = report.Entries.Where(e => e.Status != EntryStatus.Ok).ToArray();
            var text = new StringBuilder($"Checksum verification failed for {bad.Length} of {report.Entries.Length} files: ");
            text.AppendJoin("; ", bad.Take(MaxProblemsShown).Select(Describe));
            if (bad.Length > MaxProblemsShown)
            {
                text.Append($"; and {bad.Length - MaxProblemsShown} more");
            }

            throw new RepositoryActionException(text.Append('.').ToString());
        }

        return $"verified {report.Entries.Length} files ({report.BytesHashed} bytes)";
    }

    private static ChecksumManifest ReadTreeManifest(string root, string manifestName)
    {
        var path = Path.Combine(root, manifestName);
        if (!File.Exists(path))
        {
            throw new RepositoryActionException($"There is no checksum manifest: the ticket has no manifest attachment and the release has no '{manifestName}'.");
        }

        var read = ChecksumManifestReader.ReadFile(path);
        return read.Succeeded
            ? read.Manifest!
            : throw new RepositoryActionException($"The release's checksum manifest '{manifestName}' is not valid: {string.Join("; ", read.Errors.Take(MaxProblemsShown))}.");
    }

    private static string Describe(EntryResult entry) => entry.Status switch
    {
        EntryStatus.Mismatch => $"{entry.Path}: checksum mismatch (expected {entry.Expected}, got {entry.Actual})",
        EntryStatus.SizeMismatch => $"{entry.Path}: size mismatch (expected {entry.ExpectedSize} bytes, got {entry.ActualSize})",
        EntryStatus.Missing => $"{entry.Path}: missing",
        EntryStatus.Unreadable => $"{entry.Path}: unreadable ({entry.Reason})",
        _ => $"{entry.Path}: {entry.Status}",
    };

    private async ValueTask<string> RefreshAsync(string folder, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(refreshIndexCommand))
        {
            return "no index command is configured; the index was not refreshed";
        }

        var start = new ProcessStartInfo(refreshIndexCommand)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in refreshIndexArguments)
        {
            start.ArgumentList.Add(argument.Replace("{path}", folder, StringComparison.Ordinal));
        }

        using var process = Process.Start(start)
            ?? throw new InvalidOperationException($"The index command '{refreshIndexCommand}' could not be started.");
        var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var error = process.StandardError.ReadToEndAsync(cancellationToken);
        try
        {
            await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        await output.ConfigureAwait(false);
        var stderr = (await error.ConfigureAwait(false)).Trim();
        return process.ExitCode == 0
            ? $"refreshed the index with {refreshIndexCommand}"
            : throw new InvalidOperationException($"The index command '{refreshIndexCommand}' exited with code {process.ExitCode}{(stderr.Length > 0 ? ": " + stderr : "")}.");
    }
}
