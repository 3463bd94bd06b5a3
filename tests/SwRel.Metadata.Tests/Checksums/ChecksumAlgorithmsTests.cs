using SwRel.Metadata.Checksums;

namespace SwRel.Metadata.Tests.Checksums;

public sealed class ChecksumAlgorithmsTests
{
    // The BSD form that `sha256sum --tag` writes: "SHA256 (file) = digest".
    [Theory]
    [InlineData(ChecksumAlgorithm.Sha512, "SHA512")]
    [InlineData(ChecksumAlgorithm.Sha384, "SHA384")]
    [InlineData(ChecksumAlgorithm.Sha256, "SHA256")]
    [InlineData(ChecksumAlgorithm.Sha1, "SHA1")]
    [InlineData(ChecksumAlgorithm.Md5, "MD5")]
    public void ToBsdTag_gives_the_coreutils_tag(ChecksumAlgorithm algorithm, string tag) =>
        Assert.Equal(tag, ChecksumAlgorithms.ToBsdTag(algorithm));

    [Fact]
    public void Every_BSD_tag_parses_back_to_its_algorithm()
    {
        foreach (var algorithm in ChecksumAlgorithms.All)
        {
            Assert.Equal(algorithm, ChecksumAlgorithms.Parse(ChecksumAlgorithms.ToBsdTag(algorithm)));
        }
    }

    [Fact]
    public void ToBsdTag_refuses_an_undefined_algorithm() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => ChecksumAlgorithms.ToBsdTag((ChecksumAlgorithm)99));
}
