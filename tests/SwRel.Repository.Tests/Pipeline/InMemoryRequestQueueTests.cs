using SwRel.Repository.Pipeline;

namespace SwRel.Repository.Tests.Pipeline;

public sealed class InMemoryRequestQueueTests : RequestQueueContract
{
    private protected override IRequestQueue CreateQueue() => new InMemoryRequestQueue(Time);
}
