using SwRel.Metadata.Releases;

namespace SwRel.Metadata.Tests;

public sealed class ReleaseDescriptorTests
{
    [Fact]
    public void Version_joins_the_three_parts()
    {
        var descriptor = new ReleaseDescriptor
        {
            Dialect = ReleaseDialect.RepoEgi02,
            ProductName = "argus",
            ProductShortName = "INFN.argus.centos7.x86_64",
            TechnologyProvider = "INFN",
            ReleaseDate = new DateOnly(2018, 3, 5),
            MajorVersion = 1,
            MinorVersion = 7,
            RevisionVersion = 3,
        };

        Assert.Equal("1.7.3", descriptor.Version);
    }
}
