namespace SwRel.Cli;

/// <summary>The tool's exit codes (SPEC §13).</summary>
internal static class ExitCodes
{
    /// <summary>Success.</summary>
    public const int Ok = 0;

    /// <summary>The input is invalid or a check failed.</summary>
    public const int Invalid = 1;

    /// <summary>The command line itself is wrong.</summary>
    public const int Usage = 2;
}
