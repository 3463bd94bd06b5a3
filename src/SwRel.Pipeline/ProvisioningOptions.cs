namespace SwRel.Pipeline;

/// <summary>The provisioning pipeline's settings (SPEC §12).</summary>
/// <remarks>
/// A plain options class validated at start by <see cref="ProvisioningOptionsValidator"/>.
/// Defaults: leases and locks of 15 minutes, retries after one minute doubling up to one hour, a dead letter after
/// 10 attempts, a 5-second poll interval,
/// attachments <c>release.xml</c> and <c>checksums.xml</c> of at most 4 MiB.
/// </remarks>
public sealed class ProvisioningOptions
{
    /// <summary>Gets or sets the local directory that is the repository's root (required by <see cref="RepositoryActions"/>).</summary>
    public string RepositoryRoot { get; set; } = "";

    /// <summary>Gets or sets how long a processor holds a request before another may take it again. Default 15 minutes; longer than the slowest fetch.</summary>
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>Gets or sets how long a processor holds a major release's stage-rollout lock at most. Default 15 minutes.</summary>
    public TimeSpan LockDuration { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>Gets or sets how long a processor waits for a stage-rollout lock that another holds before giving the request back. Default 30 seconds.</summary>
    public TimeSpan LockWaitTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Gets or sets how long a request waits after its first attempt could not reach the ticket system. Each further
    /// attempt waits twice as long as the one before, up to <see cref="MaxRetryDelay"/>. Default one minute.
    /// </summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Gets or sets the longest wait between two attempts of one request; at least <see cref="RetryDelay"/>. Default one hour.</summary>
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromHours(1);

    /// <summary>
    /// Gets or sets how many attempts that could not reach the ticket system a request gets before it is set aside as a
    /// dead letter (<see cref="QueuedRequestState.DeadLetter"/>) for an operator to retry or drop; at least 1. Default 10
    /// (with the default delays, about 8.5 hours of trying).
    /// </summary>
    public int MaxAttempts { get; set; } = 10;

    /// <summary>Gets or sets how long <see cref="ProvisioningProcessor.RunAsync"/> sleeps when the queue is empty. Default 5 seconds.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Gets or sets the name of the ticket attachment that holds the release's metadata. Default <c>release.xml</c>.</summary>
    public string ReleaseDescriptorAttachment { get; set; } = "release.xml";

    /// <summary>Gets or sets the name of the ticket attachment that holds the checksum manifest (Metalink 4 or coreutils text). Default <c>checksums.xml</c>.</summary>
    public string ChecksumManifestAttachment { get; set; } = "checksums.xml";

    /// <summary>
    /// Gets or sets the program that refreshes a repository index (<c>createrepo_c</c>, a script
    /// around <c>apt-ftparchive</c>…) for the plan's <c>refresh-index</c> step, or <see langword="null"/>
    /// (the default) to skip the step with a note.
    /// </summary>
    public string? RefreshIndexCommand { get; set; }

    /// <summary>
    /// Gets or sets the signing key and programs of the built-in publisher, which then carries out the plan's
    /// <c>refresh-index</c> steps: it signs each area's packages and builds, signs and checks its yum or apt index.
    /// Default <see langword="null"/>. A <see cref="RefreshIndexCommand"/>, when set, is run instead.
    /// </summary>
    public SwRel.Repository.Publication.PublicationOptions? Publication { get; set; }

    /// <summary>
    /// Gets or sets the free space, in bytes, a fetch needs on the repository's file system beyond the release's size
    /// (the sizes its checksum manifest states); with less, the transition fails before anything is fetched.
    /// Default 1 GiB.
    /// </summary>
    public long FreeSpaceMargin { get; set; } = SwRel.Repository.Execution.ReleaseStepHandlerOptions.DefaultFreeSpaceMargin;

    /// <summary>Gets the refresh command's arguments; <c>{path}</c> in an argument is replaced by the full local path of the folder to index. Default: the path alone.</summary>
    /// <remarks><see cref="RepositoryActions"/> copies the list when it is built; changes made afterwards are not seen.</remarks>
    public List<string> RefreshIndexArguments { get; } = ["{path}"];

    /// <summary>Gets or sets the largest attachment the pipeline reads, in bytes. Default 4 MiB.</summary>
    public long MaxAttachmentBytes { get; set; } = 4 * 1024 * 1024;
}
