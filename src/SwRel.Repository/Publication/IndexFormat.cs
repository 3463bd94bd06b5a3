namespace SwRel.Repository.Publication;

/// <summary>The kind of repository a folder is indexed as.</summary>
internal enum IndexFormat
{
    /// <summary>A yum repository: <c>repodata/</c> in the folder.</summary>
    Yum,

    /// <summary>A flat apt repository (<c>deb URL ./</c>): <c>Packages</c> and <c>Release</c> in the folder.</summary>
    AptFlat,

    /// <summary>The <c>binary-ARCH</c> folder of an apt suite (<c>…/dists/SUITE/main/binary-ARCH</c>).</summary>
    AptDists,
}
