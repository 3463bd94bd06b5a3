using System.Collections.Immutable;

namespace SwRel.Rt.Setup;

/// <summary>One ticket custom field of the <c>sw-rel</c> queue: its RT type, its values, and the groups that may change it.</summary>
/// <param name="Name">The field's name, as SPEC §3 names it.</param>
/// <param name="Type">RT's field type: <c>Select</c>, <c>Freeform</c>, <c>Text</c> or <c>Binary</c>, always single-valued.</param>
/// <param name="Values">The values a Select field offers, in order; empty for the other types.</param>
/// <param name="Description">What the field holds, shown in RT.</param>
/// <param name="Writers">The RT groups (or <c>Requestor</c>, the ticket's provider) that may change the field after creation.</param>
internal sealed record RtCustomField(string Name, string Type, ImmutableArray<string> Values, string Description, ImmutableArray<string> Writers)
{
    /// <summary>Whether the software provider sets the field when creating the ticket.</summary>
    public bool SetByProvider => Writers.Contains(RtSetupDefinition.RequestorRole);
}
