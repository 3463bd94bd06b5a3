namespace SwRel.Rt.Tests.Fixtures;

/// <summary>The seed-loop tests: one RT, rsync daemon and <c>swrel serve</c> of their own, run alone so that no other RT competes with them for the processors.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class SeedLoopCollection : ICollectionFixture<SeedLoopFixture>
{
    public const string Name = "Seed loop on Request Tracker";
}
