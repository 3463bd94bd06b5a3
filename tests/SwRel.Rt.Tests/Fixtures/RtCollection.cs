namespace SwRel.Rt.Tests.Fixtures;

/// <summary>The tests that share the assembly's one RT.</summary>
[CollectionDefinition(Name)]
public sealed class RtCollection : ICollectionFixture<RtFixture>
{
    public const string Name = "Request Tracker";
}
