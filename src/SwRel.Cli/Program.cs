using SwRel.Cli;

return SwRelApp.Run(args, CliConsole.System);
