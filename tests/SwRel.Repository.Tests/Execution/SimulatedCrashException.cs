namespace SwRel.Repository.Tests.Execution;

/// <summary>What <see cref="FaultyFileSystem"/> throws when it "crashes".</summary>
internal sealed class SimulatedCrashException() : IOException("simulated crash");
