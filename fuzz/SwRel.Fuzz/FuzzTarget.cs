using System.Collections.Immutable;

namespace SwRel.Fuzz;

/// <summary>One reader the fuzzer drives: it runs an input through the reader's public API and checks the result.</summary>
/// <remarks>
/// A target returns normally for every input the API handles as its documentation says: a result that carries the
/// errors, or the format exception the API documents for bad input. Anything else escapes: an exception the API does
/// not document, or a <see cref="FuzzInvariantException"/> when a result is not well formed. AFL++ records an escaping
/// exception as a crash; the replay tests fail on it. Targets have no state and are safe to call concurrently.
/// </remarks>
public abstract class FuzzTarget
{
    /// <summary>Gets every target, by the name <c>fuzz/run.sh</c> and the corpus folders use.</summary>
    public static ImmutableArray<FuzzTarget> All { get; } =
    [
        new ReleaseDescriptorTarget(),
        new ChecksumManifestTarget(),
        new RepositoryPlanTarget(),
        new TransitionRequestTarget(),
    ];

    /// <summary>Gets the target's name: the first argument of the harness and the name of its corpus folder.</summary>
    public abstract string Name { get; }

    /// <summary>Gets what the target reads, in one line.</summary>
    public abstract string Description { get; }

    /// <summary>Finds a target by name.</summary>
    /// <param name="name">The name, as in <see cref="Name"/> (ordinal, case-insensitive).</param>
    /// <returns>The target, or <see langword="null"/> when no target has that name.</returns>
    public static FuzzTarget? Find(string name)
    {
        foreach (var target in All)
        {
            if (string.Equals(target.Name, name, StringComparison.OrdinalIgnoreCase))
            {
                return target;
            }
        }

        return null;
    }

    /// <summary>Runs one input through the reader and checks what comes back.</summary>
    /// <param name="input">The input's bytes, as a file would hold them.</param>
    /// <exception cref="FuzzInvariantException">The reader returned a result that is not well formed.</exception>
    /// <remarks>Any other exception that escapes is one the reader's API does not document for bad input.</remarks>
    public abstract void Run(ReadOnlySpan<byte> input);

    /// <summary>Throws a <see cref="FuzzInvariantException"/> naming this target when <paramref name="holds"/> is false.</summary>
    /// <param name="holds">Whether the property holds.</param>
    /// <param name="property">The property, as a sentence.</param>
    /// <exception cref="FuzzInvariantException"><paramref name="holds"/> is <see langword="false"/>.</exception>
    protected void Check(bool holds, string property)
    {
        if (!holds)
        {
            throw new FuzzInvariantException($"{Name}: {property}");
        }
    }
}
