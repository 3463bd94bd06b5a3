namespace SwRel.Pipeline;

/// <summary>How the processing of one request ended.</summary>
public enum ProcessingOutcome
{
    /// <summary>The repository work was done; the request left the queue.</summary>
    Succeeded = 0,

    /// <summary>The stage-rollout slot was taken: the ticket went to Deferred (row 12b); the request left the queue.</summary>
    Deferred,

    /// <summary>The work failed; the comment and Failed were recorded on the ticket (row 20); the request left the queue.</summary>
    Failed,

    /// <summary>Nothing to do (the transition was the repository's own, or already handled, or outdated); the request left the queue.</summary>
    Skipped,

    /// <summary>The ticket system could not be reached or updated: the request stays queued and is retried after a delay.</summary>
    Retrying,
}
