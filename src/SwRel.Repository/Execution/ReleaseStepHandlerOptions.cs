using SwRel.Metadata.Checksums;
using SwRel.Repository.Planning;
using SwRel.Repository.Publication;

namespace SwRel.Repository.Execution;

/// <summary>How a <see cref="ReleaseStepHandler"/> verifies, refreshes indexes and sets RepositoryURL.</summary>
/// <remarks>
/// A plain options object: <see cref="ReleaseStepHandler"/> reads it once when it is built (it copies
/// <see cref="RefreshIndexArguments"/>), so later changes are not seen.
/// </remarks>
public sealed class ReleaseStepHandlerOptions
{
    /// <summary>
    /// Gets or sets the manifest that <c>verify</c> steps check against instead of reading the step's
    /// <see cref="VerifyStep.Manifest"/> file from the tree (the pipeline passes the ticket's manifest attachment here).
    /// Default <see langword="null"/>: read the file the step names.
    /// </summary>
    public ChecksumManifest? Manifest { get; set; }

    /// <summary>
    /// Gets or sets the free space, in bytes, a <c>fetch</c> step needs on the repository's file system beyond the
    /// release's size (the sizes the <see cref="Manifest"/> states, when it states them); a fetch with less free space
    /// fails before it writes anything rather than filling the disk. Default 1 GiB; 0 checks the release's size only.
    /// </summary>
    public long FreeSpaceMargin { get; set; } = DefaultFreeSpaceMargin;

    /// <summary>The default <see cref="FreeSpaceMargin"/>: 1 GiB.</summary>
    public const long DefaultFreeSpaceMargin = 1L << 30;

    /// <summary>
    /// Gets or sets whether, without a <see cref="Manifest"/>, a <c>verify</c> step may read the manifest the step
    /// names from the fetched tree. Default <see langword="false"/>: such a manifest comes from the same source as the
    /// files it vouches for, so a verify step without a given manifest fails (SPEC §11).
    /// </summary>
    public bool AllowTreeManifest { get; set; }

    /// <summary>
    /// Gets or sets the program that refreshes a repository index (<c>createrepo_c</c>, a script around
    /// <c>apt-ftparchive</c>…) for <c>refresh-index</c> steps. Default <see langword="null"/>: see
    /// <see cref="SkipRefreshIndexWithoutCommand"/>.
    /// </summary>
    public string? RefreshIndexCommand { get; set; }

    /// <summary>
    /// Gets or sets the index command's arguments; <c>{path}</c> in an argument is replaced by a path of the folder to
    /// index. Default: the path alone.
    /// </summary>
    /// <remarks>
    /// The command runs in that folder (its working directory), and on Linux <c>{path}</c> names it through this
    /// process's handle on it (<c>/proc/PID/fd/N</c>), opened from the repository root without following links, so
    /// that a link swapped in cannot redirect the command. An index that records paths should record them relative
    /// to the folder (<c>.</c>).
    /// </remarks>
    public IReadOnlyList<string> RefreshIndexArguments { get; set; } = ["{path}"];

    /// <summary>
    /// Gets or sets the built-in publisher's key and programs: with it, <c>refresh-index</c> steps sign the packages,
    /// build the area's yum or apt index with <c>createrepo_c</c> or <c>apt-ftparchive</c>, sign it, check its hash
    /// chain and put it in place. Default <see langword="null"/>. A <see cref="RefreshIndexCommand"/>, when set, is run
    /// instead.
    /// </summary>
    public PublicationOptions? Publication { get; set; }

    /// <summary>
    /// Gets or sets whether, without a <see cref="RefreshIndexCommand"/> or <see cref="Publication"/>, <c>refresh-index</c> steps are handled by
    /// skipping them with a note (<see langword="true"/>) or not handled at all, so that the executor refuses the plan
    /// before it changes anything (<see langword="false"/>, the default).
    /// </summary>
    public bool SkipRefreshIndexWithoutCommand { get; set; }

    /// <summary>
    /// Gets or sets what a <c>set-repository-url</c> step does: it gets the step and returns the text that describes what was
    /// done. Default <see langword="null"/>: such steps are not handled, so the executor refuses a plan that has one.
    /// </summary>
    public Func<SetRepositoryUrlStep, CancellationToken, ValueTask<string>>? SetRepositoryUrl { get; set; }
}
