using SwRel.Repository.Versions;

namespace SwRel.Repository.Tests.Versions;

public sealed class AllocationTests
{
    // The compare path works on spans: comparing valid text or parsed values allocates nothing.
    [Theory]
    [InlineData(VersionScheme.Umd, "4.7.1", "4.10.0")]
    [InlineData(VersionScheme.Rpm, "1:2.4.6~rc1-3.el7_9", "1:2.4.6^git1-10.el7")]
    [InlineData(VersionScheme.Debian, "1:2.30~rc1-1ubuntu2", "1:2.30+dfsg-1ubuntu10")]
    [InlineData(VersionScheme.SemVer, "1.0.0-alpha.beta.11+build", "1.0.0-alpha.beta.2")]
    public void Comparing_valid_text_allocates_nothing(VersionScheme scheme, string a, string b)
    {
        var comparer = VersionComparer.For(scheme);
        var expected = comparer.Compare(a, b);

        var before = GC.GetAllocatedBytesForCurrentThread();
        var sum = 0;
        for (var i = 0; i < 100; i++)
        {
            sum += comparer.Compare(a, b);
        }

        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(100 * expected, sum);
        Assert.Equal(0, allocated);
    }

    [Fact]
    public void Comparing_parsed_values_allocates_nothing()
    {
        var rpm = (RpmVersion.Parse("1:2.4.6-3.el7"), RpmVersion.Parse("1:2.4.6-10.el7"));
        var deb = (DebianVersion.Parse("1:2.30-1ubuntu2"), DebianVersion.Parse("1:2.30-1ubuntu10"));
        var sem = (SemanticVersion.Parse("1.0.0-rc.1"), SemanticVersion.Parse("1.0.0-rc.2"));
        VersionComparer.Rpm.Compare(rpm.Item1, rpm.Item2);
        VersionComparer.Debian.Compare(deb.Item1, deb.Item2);
        VersionComparer.SemVer.Compare(sem.Item1, sem.Item2);

        var before = GC.GetAllocatedBytesForCurrentThread();
        var sum = 0;
        for (var i = 0; i < 100; i++)
        {
            sum += VersionComparer.Rpm.Compare(rpm.Item1, rpm.Item2)
                + VersionComparer.Debian.Compare(deb.Item1, deb.Item2)
                + VersionComparer.SemVer.Compare(sem.Item1, sem.Item2)
                + VersionComparer.Rpm.GetHashCode(rpm.Item1)
                - VersionComparer.Rpm.GetHashCode(rpm.Item1);
        }

        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(-300, sum);
        Assert.Equal(0, allocated);
    }
}
