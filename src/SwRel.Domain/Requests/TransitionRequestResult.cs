using System.Collections.Immutable;

namespace SwRel.Domain.Requests;

/// <summary>The outcome of parsing and validating a transition request: the request, or every problem found.</summary>
/// <param name="Request">The request when valid; <see langword="default"/> otherwise.</param>
/// <param name="Errors">Every problem found, in field order; empty when valid.</param>
public readonly record struct TransitionRequestResult(TransitionRequest Request, ImmutableArray<string> Errors)
{
    /// <summary>Gets whether the request is valid.</summary>
    public bool IsValid => Errors.IsDefaultOrEmpty;
}
