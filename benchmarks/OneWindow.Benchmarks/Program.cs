using BenchmarkDotNet.Running;

namespace OneWindow.Benchmarks;

/// <summary>Not top-level statements: those would declare a global Program clashing with the web app's.</summary>
public static class BenchmarkProgram
{
    // dotnet run -c Release --project benchmarks/OneWindow.Benchmarks -- --filter '*ServiceLevelBenchmarks*' --job short; reports: see docs/benchmarks.md
    public static void Main(string[] args) => BenchmarkSwitcher.FromAssembly(typeof(BenchmarkProgram).Assembly).Run(args);
}
