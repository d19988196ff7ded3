using Attain.Cli;

return await AttainCommand.Create().Parse(args).InvokeAsync();
