using SwRel.Pipeline;

namespace SwRel.Pipeline.Tests;

public sealed class InMemoryPipelineConcurrencyTests : PipelineConcurrencyContract
{
    private protected override IRequestQueue CreateQueue() => new InMemoryRequestQueue(Time);
}
