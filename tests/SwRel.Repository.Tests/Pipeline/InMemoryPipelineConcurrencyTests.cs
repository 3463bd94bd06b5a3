using SwRel.Repository.Pipeline;

namespace SwRel.Repository.Tests.Pipeline;

public sealed class InMemoryPipelineConcurrencyTests : PipelineConcurrencyContract
{
    private protected override IRequestQueue CreateQueue() => new InMemoryRequestQueue(Time);
}
