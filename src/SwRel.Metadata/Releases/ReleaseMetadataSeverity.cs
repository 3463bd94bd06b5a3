namespace SwRel.Metadata.Releases;

/// <summary>How serious a <see cref="ReleaseMetadataError"/> is.</summary>
public enum ReleaseMetadataSeverity
{
    /// <summary>The descriptor is invalid; no <see cref="ReleaseDescriptor"/> is produced.</summary>
    Error = 0,

    /// <summary>Something worth a look that does not make the descriptor invalid (for example an ignored DOCTYPE).</summary>
    Warning,
}
