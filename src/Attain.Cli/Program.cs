using Attain.Cli;

return await AttainCommand.RunAsync(args);
