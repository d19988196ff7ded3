using System.Reflection;
using Attain.Engine.Monetary;

namespace Attain.Engine.Tests;

public class EngineAssemblyTests
{
    [Fact]
    public void GetReferencedAssemblies_Engine_OnlyBaseClassLibrary()
    {
        var engine = typeof(Currency).Assembly;

        var references = engine.GetReferencedAssemblies();

        Assert.NotEmpty(references);
        Assert.All(references, reference => Assert.True(IsBaseClassLibrary(reference), $"Attain.Engine references {reference.Name}"));
    }

    [Fact]
    public void IsBaseClassLibrary_TestAssemblyReferences_FindsNonBclAssemblies()
    {
        // The check above can fail: this assembly references xunit and CsCheck, which it rejects.
        var tests = typeof(EngineAssemblyTests).Assembly;

        var outside = tests.GetReferencedAssemblies().Where(r => !IsBaseClassLibrary(r)).Select(r => r.Name);

        Assert.Contains("CsCheck", outside);
    }

    private static bool IsBaseClassLibrary(AssemblyName reference) =>
        reference.Name is "System" or "netstandard" or "mscorlib"
        || reference.Name?.StartsWith("System.", StringComparison.Ordinal) == true;
}
