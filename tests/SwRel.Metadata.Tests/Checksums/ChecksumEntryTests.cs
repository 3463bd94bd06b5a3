using SwRel.Metadata.Checksums;

namespace SwRel.Metadata.Tests.Checksums;

public sealed class ChecksumEntryTests
{
    private const string Sha256OfAbc = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";
    private const string Md5OfAbc = "900150983cd24fb0d6963f7d28e17f72";

    [Fact]
    public void An_entry_with_one_hash_shows_it_in_Hashes_in_lower_case()
    {
        var entry = ChecksumEntry.Create("a.txt", 3, ChecksumAlgorithm.Sha256, Sha256OfAbc.ToUpperInvariant());

        Assert.Equal(ChecksumAlgorithm.Sha256, entry.StrongestAlgorithm);
        Assert.Equal([new KeyValuePair<ChecksumAlgorithm, string>(ChecksumAlgorithm.Sha256, Sha256OfAbc)], entry.Hashes);
        Assert.Same(entry.Hashes, entry.Hashes);
        Assert.Equal($"sha-256:{Sha256OfAbc}  a.txt", entry.ToString());
    }

    [Fact]
    public void An_entry_with_several_hashes_checks_the_strongest_and_keeps_every_one()
    {
        var entry = new ChecksumEntry("a.txt", null, [new(ChecksumAlgorithm.Md5, Md5OfAbc), new(ChecksumAlgorithm.Sha256, Sha256OfAbc)]);

        Assert.Equal(ChecksumAlgorithm.Sha256, entry.StrongestAlgorithm);
        Assert.Equal([ChecksumAlgorithm.Sha256, ChecksumAlgorithm.Md5], entry.Hashes.Keys);
        Assert.Equal(Md5OfAbc, entry.Hashes[ChecksumAlgorithm.Md5]);
    }

    [Fact]
    public void A_hash_given_twice_for_one_algorithm_keeps_the_last()
    {
        var other = new string('0', 64);
        var entry = new ChecksumEntry("a.txt", null, [new(ChecksumAlgorithm.Sha256, other), new(ChecksumAlgorithm.Sha256, Sha256OfAbc)]);

        Assert.Equal(Sha256OfAbc, Assert.Single(entry.Hashes).Value);
    }

    [Fact]
    public void An_entry_without_a_hash_or_with_a_bad_one_is_refused()
    {
        Assert.Throws<ArgumentException>(() => new ChecksumEntry("a.txt", null, []));
        Assert.Throws<ArgumentException>(() => new ChecksumEntry("a.txt", null, [new(ChecksumAlgorithm.Sha256, Sha256OfAbc), new(ChecksumAlgorithm.Md5, "xyz")]));
    }
}
