using SwRel.IO;
using SwRel.Repository.Transports;

namespace SwRel.Repository.Tests.Transports;

public sealed class CappedStreamTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(200_000)]
    public async Task A_source_of_exactly_the_limit_is_read_whole_from_the_start(int size)
    {
        var content = Enumerable.Range(0, size).Select(i => (byte)i).ToArray();

        using var read = await CappedStream.ReadAsync(new MemoryStream(content), size, () => new InvalidOperationException("too large"), default);

        Assert.Equal(0, read.Position);
        Assert.Equal(content, read.ToArray());
    }

    [Theory]
    [InlineData(0)]
    [InlineData(81_920)]
    [InlineData(199_999)]
    public async Task A_source_one_byte_over_the_limit_throws_the_callers_exception(int limit)
    {
        var source = new MemoryStream(new byte[limit + 1]);

        var error = await Assert.ThrowsAsync<InvalidOperationException>(
            async () => await CappedStream.ReadAsync(source, limit, () => new InvalidOperationException("too large"), default));

        Assert.Equal("too large", error.Message);
    }
}
