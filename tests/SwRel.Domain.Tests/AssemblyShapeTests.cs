using System.Runtime.CompilerServices;
using SwRel.Domain.Workflow;

namespace SwRel.Domain.Tests;

public sealed class AssemblyShapeTests
{
    // STYLE: "Small immutable values ... no public setters."
    [Fact]
    public void Every_public_value_type_is_read_only()
    {
        var mutable = typeof(TransitionTable).Assembly.GetExportedTypes()
            .Where(t => t.IsValueType && !t.IsEnum && !t.IsDefined(typeof(IsReadOnlyAttribute), inherit: false))
            .Select(t => t.FullName)
            .ToList();
        Assert.Empty(mutable);
    }

    // SPEC §1: libraries are host-agnostic, with no static mutable state.
    [Fact]
    public void No_public_type_has_a_static_field_that_can_be_reassigned()
    {
        var fields = typeof(TransitionTable).Assembly.GetTypes()
            .Where(t => !t.Name.StartsWith('<'))
            .SelectMany(t => t.GetFields(System.Reflection.BindingFlags.Static | System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.DeclaredOnly))
            .Where(f => !f.IsInitOnly && !f.IsLiteral && !f.Name.Contains('<', StringComparison.Ordinal))
            .Select(f => $"{f.DeclaringType!.FullName}.{f.Name}")
            .ToList();
        Assert.Empty(fields);
    }
}
