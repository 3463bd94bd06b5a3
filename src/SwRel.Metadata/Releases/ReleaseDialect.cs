namespace SwRel.Metadata.Releases;

/// <summary>The dialect a <c>release.xml</c> is written in (SPEC §8).</summary>
public enum ReleaseDialect
{
    /// <summary>The NRMS 2010 dialect: root <c>&lt;Release&gt;</c> without a namespace, validated by a DTD.</summary>
    Nrms2010 = 0,

    /// <summary>The repo.egi.eu 0.2 dialect: root <c>release:release</c>, validated by XSDs.</summary>
    RepoEgi02,
}
