using SwRel.Fuzz;

namespace SwRel.Fuzz.Tests;

public sealed class HarnessTests
{
    [Theory]
    [InlineData("release")]
    [InlineData("MANIFEST")]
    [InlineData("Plan")]
    [InlineData("request")]
    public void Targets_are_found_by_name_whatever_the_case(string name)
    {
        var target = FuzzTarget.Find(name);

        Assert.NotNull(target);
        Assert.Equal(name, target.Name, ignoreCase: true);
    }

    [Fact]
    public void An_unknown_target_name_finds_nothing() => Assert.Null(FuzzTarget.Find("releases"));

    [Fact]
    public void A_broken_property_escapes_as_a_FuzzInvariantException_naming_the_target()
    {
        var broken = Assert.Throws<FuzzInvariantException>(() => new AlwaysBroken().Run([]));

        Assert.Equal("always-broken: the result is well formed.", broken.Message);
        Assert.Equal("SwRel.Fuzz.FuzzInvariantException: always-broken: the result is well formed.", FuzzFailure.Signature(broken));
    }

    [Fact]
    public void Text_is_decoded_as_the_tool_reads_files_byte_order_mark_and_bad_bytes_included()
    {
        Assert.Equal("é", FuzzInput.Text([0xEF, 0xBB, 0xBF, 0xC3, 0xA9]));
        Assert.Equal("a", FuzzInput.Text([0xFF, 0xFE, 0x61, 0x00]));
        Assert.Equal("a\uFFFD", FuzzInput.Text([0x61, 0xFF]));
    }

    private sealed class AlwaysBroken : FuzzTarget
    {
        public override string Name => "always-broken";

        public override string Description => "breaks its one property on every input";

        public override void Run(ReadOnlySpan<byte> input) => Check(false, "the result is well formed.");
    }
}
