namespace SwRel.Repository.Execution;

/// <summary>What the executor found and did about an interrupted earlier run.</summary>
public enum JournalRecovery
{
    /// <summary>No interrupted run: the repository was clean.</summary>
    None = 0,

    /// <summary>An interrupted run had not committed; its changes were undone (the tree is as before that run).</summary>
    RolledBack,

    /// <summary>An interrupted run had committed; its clean-up was finished (the tree is as after that run).</summary>
    Completed,

    /// <summary>Dry run: an interrupted run is pending and would be recovered by the next apply.</summary>
    Pending,
}
