using SwRel.Cli;

return SwRelApp.Run(args, CliConsole.System);

/// <summary>The entry point; internal, like every type of the tool (ASP.NET Core would otherwise make it public for test hosts).</summary>
internal sealed partial class Program;
