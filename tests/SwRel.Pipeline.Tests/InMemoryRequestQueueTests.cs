using SwRel.Pipeline;

namespace SwRel.Pipeline.Tests;

public sealed class InMemoryRequestQueueTests : RequestQueueContract
{
    private protected override IRequestQueue CreateQueue() => new InMemoryRequestQueue(Time);
}
