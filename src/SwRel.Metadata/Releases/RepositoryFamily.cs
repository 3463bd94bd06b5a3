namespace SwRel.Metadata.Releases;

/// <summary>The packaging family of a repository: yum (RPM) or apt (Debian).</summary>
public enum RepositoryFamily
{
    /// <summary>A yum repository of RPM packages.</summary>
    Yum = 0,

    /// <summary>An apt repository of Debian packages.</summary>
    Apt,
}
