using SwRel.Pipeline;

namespace SwRel.Pipeline.Tests;

public sealed class InMemoryReleaseCatalogueTests : ReleaseCatalogueContract
{
    private protected override IReleaseCatalogue CreateCatalogue() => new InMemoryReleaseCatalogue();
}
