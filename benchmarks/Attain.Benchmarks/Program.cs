using Attain.Benchmarks;
using BenchmarkDotNet.Running;

// The plain timed runs (`engine-vs-sql`, `comp-run`, `comp-read`, `estimator`, `incremental`, `load`, `demo`,
// `dashboards`; see benchmarks/README.md) are System.CommandLine subcommands; anything else goes to BenchmarkDotNet.
var commands = BenchmarkCommands.Create();
if (BenchmarkCommands.Handles(commands, args))
{
    return await BenchmarkCommands.RunAsync(commands, args);
}

BenchmarkSwitcher.FromAssembly(typeof(BenchmarkCommands).Assembly).Run(args);
return 0;
