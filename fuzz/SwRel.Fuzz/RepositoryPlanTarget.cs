using SwRel.Repository.Planning;

namespace SwRel.Fuzz;

/// <summary>The plan JSON reader, as <c>swrel apply</c> reads a plan file.</summary>
/// <remarks>
/// <see cref="RepositoryPlanJson.ParseAll(string)"/> and <see cref="RepositoryPlanJson.Parse(string)"/> document
/// <see cref="RepositoryPlanFormatException"/> for text that is not a plan; <see cref="RepositoryPlanJson.TryParse"/>
/// documents nothing. Exactly that exception is caught, and only from the two that document it.
/// </remarks>
public sealed class RepositoryPlanTarget : FuzzTarget
{
    /// <inheritdoc />
    public override string Name => "plan";

    /// <inheritdoc />
    public override string Description => "repository plans in JSON (RepositoryPlanJson.ParseAll and TryParse)";

    /// <inheritdoc />
    public override void Run(ReadOnlySpan<byte> input)
    {
        var text = FuzzInput.Text(input);
        RepositoryPlan[]? all = null;
        try
        {
            all = [.. RepositoryPlanJson.ParseAll(text)];
        }
        catch (RepositoryPlanFormatException e)
        {
            CheckException(e);
        }

        foreach (var plan in all ?? [])
        {
            CheckRoundTrip(plan);
        }

        var parsed = RepositoryPlanJson.TryParse(text, out var single, out var error);
        Check(parsed == single is not null, "TryParse returns a plan exactly when it returns true.");
        Check(parsed || !string.IsNullOrWhiteSpace(error), "TryParse says why when it returns false.");
        if (parsed)
        {
            Check(all is [var only] && only.Equals(single), "a text that is one plan reads as that one plan through ParseAll too.");
        }
    }

    private void CheckException(RepositoryPlanFormatException e)
    {
        Check(!string.IsNullOrWhiteSpace(e.Location), $"a format error names where it is: {e.Message}");
        Check(!string.IsNullOrWhiteSpace(e.Reason), $"a format error says what is wrong: {e.Message}");
    }

    // parse ∘ write is the identity on plans, so whatever reads must write and read back the same.
    private void CheckRoundTrip(RepositoryPlan plan)
    {
        var json = RepositoryPlanJson.ToJson(plan);
        RepositoryPlan reread;
        try
        {
            reread = RepositoryPlanJson.Parse(json);
        }
        catch (RepositoryPlanFormatException e)
        {
            throw new FuzzInvariantException($"{Name}: a plan that reads, written again, reads back; it fails with: {e.Message}", e);
        }

        Check(reread.Equals(plan), "a plan that reads, written again, reads back equal.");
    }
}
