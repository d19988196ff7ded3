using Attain.Benchmarks.Load;
using BenchmarkDotNet.Running;

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
