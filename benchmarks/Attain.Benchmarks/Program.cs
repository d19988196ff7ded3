using Attain.Benchmarks.Calculation;
using Attain.Benchmarks.CompRun;
using Attain.Benchmarks.EngineVsSql;
using Attain.Benchmarks.Load;
using BenchmarkDotNet.Running;

if (args is ["engine-vs-sql", ..])
{
    return await EngineVsSqlCommand.RunAsync(args);
}

if (args is ["comp-run", ..])
{
    return await CompRunCommand.RunAsync(args);
}

if (args is ["comp-read", ..])
{
    return await CompReadCommand.RunAsync(args);
}

if (args is ["estimator", ..])
{
    return await EstimatorCommand.RunAsync(args);
}

if (args is ["incremental", ..])
{
    return IncrementalCommand.Run(args);
}

// `load`, `demo` and `dashboards` are plain timed runs (see benchmarks/README.md); anything else goes to BenchmarkDotNet.
if (args is ["load" or "demo", ..])
{
    return await LoadCommand.RunAsync(args);
}

if (args is ["dashboards", ..])
{
    return await DashboardsCommand.RunAsync(args);
}

BenchmarkSwitcher.FromAssembly(typeof(LoadCommand).Assembly).Run(args);
return 0;
