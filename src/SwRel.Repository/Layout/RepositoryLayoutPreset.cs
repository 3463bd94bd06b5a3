namespace SwRel.Repository.Layout;

/// <summary>A built-in set of path templates (SPEC §11).</summary>
public enum RepositoryLayoutPreset
{
    /// <summary>
    /// The layout of repository.egi.eu (the default): <c>sw/unverified/umd-4.infn.argus.centos7.x86_64/1/7/3</c>,
    /// <c>sw/production/umd/4/sl6/x86_64/updates</c>, <c>sw/production/umd/3/debian/dists/squeeze/main/binary-amd64</c>.
    /// NRMS 2010 descriptors, which carry no platform or architecture, are laid out as by <see cref="Nrms2010"/>.
    /// </summary>
    EgiRepository = 0,

    /// <summary>The layout of the 2010 wiki: <c>sw/{area}/{DistributionShortName}/{Version}</c>, for every descriptor.</summary>
    Nrms2010,
}
