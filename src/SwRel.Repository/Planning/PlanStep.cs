namespace SwRel.Repository.Planning;

/// <summary>
/// One typed step of a <see cref="RepositoryPlan"/>. Steps are data: the planner makes them, the
/// executor carries them out, and text and JSON are views of them.
/// </summary>
/// <remarks>The closed set of steps is the derived records in this namespace. Instances are immutable.</remarks>
public abstract record PlanStep
{
    private protected PlanStep()
    {
    }

    /// <summary>Gets the step's kind, as written in text and JSON (for example <c>fetch</c>).</summary>
    public abstract string Kind { get; }
}
