using System.Runtime.InteropServices;
using SharpFuzz;
using SwRel.Fuzz;

// `SwRel.Fuzz <target>` reads one input from standard input, or many from AFL++ once SharpFuzz has instrumented the
// SwRel assemblies (fuzz/run.sh). `SwRel.Fuzz <target> <file> ...` replays files and says what each one throws.
if (args.Length == 0 || FuzzTarget.Find(args[0]) is not { } target)
{
    Console.Error.WriteLine(args.Length == 0 ? "Name a target." : $"There is no target '{args[0]}'.");
    Console.Error.WriteLine("usage: SwRel.Fuzz <target> [file ...]");
    foreach (var known in FuzzTarget.All)
    {
        Console.Error.WriteLine($"  {known.Name,-9} {known.Description}");
    }

    return 2;
}

if (args.Length > 1)
{
    ProvideTraceMap();
    var failed = 0;
    foreach (var file in args.Skip(1))
    {
        var input = File.ReadAllBytes(file);
        try
        {
            target.Run(input);
            Console.WriteLine($"ok\t{file}");
        }
        catch (Exception e)
        {
            failed++;
            Console.WriteLine($"FAILED\t{file}\t{FuzzFailure.Signature(e)}");
            Console.WriteLine(e.ToString());
        }
    }

    return failed == 0 ? 0 : 1;
}

// Out of process: a hang or a stack overflow kills only the child, which SharpFuzz restarts, so the session goes on.
Fuzzer.OutOfProcess.Run(stream =>
{
    using var buffer = new MemoryStream();
    stream.CopyTo(buffer);
    target.Run(buffer.GetBuffer().AsSpan(0, (int)buffer.Length));
});
return 0;

// Instrumented assemblies record every branch in SharpFuzz's coverage map, which only Fuzzer.Run sets up; replaying
// files through the instrumented copy without one would write through a null pointer.
static unsafe void ProvideTraceMap()
{
    if (SharpFuzz.Common.Trace.SharedMem is null)
    {
        SharpFuzz.Common.Trace.SharedMem = (byte*)NativeMemory.AllocZeroed(1 << 16);
    }
}
