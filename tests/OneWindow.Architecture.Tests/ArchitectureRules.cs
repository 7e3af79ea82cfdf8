using ArchUnitNET.Domain;
using ArchUnitNET.xUnit;
using static ArchUnitNET.Fluent.ArchRuleDefinition;
using static OneWindow.ArchitectureTests.WebArchitecture;

namespace OneWindow.ArchitectureTests;

/// <summary>
/// The allowed arrows between the parts of the application (docs/architecture.md): Core below everything; Data knows
/// entities and tenancy; Infrastructure knows no feature; features meet only through seams and shared entities, in a
/// graph without cycles; pages write only through a feature's desk.
/// </summary>
public sealed class ArchitectureRules
{
    [Fact]
    public void Core_depends_on_nothing_of_the_web_application()
    {
        Types().That().ResideInAssembly(typeof(OneWindow.Core.Tenancy.CompanyScope).Assembly)
            .Should().NotDependOnAnyTypesThat().ResideInAssembly(WebAssembly)
            .Because("Core is pure logic, unit-tested and benchmarked without the app")
            .Check(App);
    }

    [Fact]
    public void Data_names_no_feature_type_but_entities()
    {
        var violations = AppTypes.Where(t => IsIn(t, Data))
            .SelectMany(DependenciesOf)
            .Where(d => FeatureOf(d.Target) is not null && !IsEntity(d.Target))
            .Select(d => Describe(d.Origin, d.Target));
        AssertNone(violations, "Data may name the entities it maps, and nothing else of a feature (a feature registers its save reactions, seeders and model parts itself)");
    }

    [Fact]
    public void Data_does_not_depend_on_infrastructure()
    {
        var violations = AppTypes.Where(t => IsIn(t, Data))
            .SelectMany(DependenciesOf)
            .Where(d => IsIn(d.Target, Infrastructure))
            .Select(d => Describe(d.Origin, d.Target));
        AssertNone(violations, "Infrastructure builds on Data, so Data must not build on Infrastructure");
    }

    [Fact]
    public void Infrastructure_names_no_feature_type_but_entities()
    {
        var violations = AppTypes.Where(t => IsIn(t, Infrastructure))
            .SelectMany(DependenciesOf)
            .Where(d => FeatureOf(d.Target) is not null && !IsEntity(d.Target))
            .Select(d => Describe(d.Origin, d.Target));
        AssertNone(violations, "cross-cutting code serves every feature and knows none (features register their jobs, endpoints and policies themselves)");
    }

    [Fact]
    public void Features_use_each_other_only_through_seams_and_entities()
    {
        var violations = AppTypes.Where(t => FeatureOf(t) is not null)
            .SelectMany(t => DependenciesOf(t).Where(d => FeatureOf(d.Target) is { } target && target != FeatureOf(t)))
            .Where(d => !IsEntity(d.Target) && !IsSeam(d.Target))
            .Select(d => $"{FeatureOf(d.Origin)} → {FeatureOf(d.Target)}: {Describe(d.Origin, d.Target)}");
        AssertNone(violations, "a feature offers others its [FeatureSeam] types and shared entities; everything else in it is its own");
    }

    [Fact]
    public void The_app_shell_uses_features_only_through_seams_and_entities()
    {
        var violations = AppTypes.Where(t => IsIn(t, Components))
            .SelectMany(DependenciesOf)
            .Where(d => FeatureOf(d.Target) is not null && !IsEntity(d.Target) && !IsSeam(d.Target))
            .Select(d => Describe(d.Origin, d.Target));
        AssertNone(violations, "the layout and router compose features from their seams");
    }

    [Fact]
    public void Features_do_not_depend_on_each_other_in_a_cycle()
    {
        var edges = FeatureGraph.Edges();
        var cycles = FeatureGraph.Cycles(edges).Select(c =>
        {
            var steps = c.Cycle.Select((from, i) => (From: from, To: c.Cycle[(i + 1) % c.Cycle.Count]));
            return $"[{string.Join(", ", c.Members)}] reach each other, e.g. {string.Join(" → ", c.Cycle.Append(c.Cycle[0]))}" + Environment.NewLine
                + string.Join(Environment.NewLine, steps.Select(s => $"    {s.From} → {s.To} because {edges[(s.From, s.To)][0]}"));
        });
        AssertNone(cycles, "features form layers: one that is used by another must not use it back, directly or through others");
    }

    [Fact]
    public void Pages_and_components_do_not_write_through_the_DbContext()
    {
        string[] writes = ["SaveChanges", "SaveChangesAsync", "ExecuteUpdate", "ExecuteUpdateAsync", "ExecuteDelete", "ExecuteDeleteAsync"];
        var violations = AppTypes.Where(IsComponent)
            .SelectMany(t => CallsOf(t).Where(c => writes.Any(w => c.TargetMember.Name.StartsWith(w + "(", StringComparison.Ordinal)))
                .Select(c => $"{Outermost(t).FullName} calls {c.TargetMember.FullName}"))
            .Distinct();
        AssertNone(violations, "a page writes through its feature's desk, the same method the API calls, so the rules exist once");
    }

    private static bool IsComponent(IType type)
    {
        var outer = Outermost(type);
        return outer is Class c && (c.InheritedClasses.Any(b => b.FullName == "Microsoft.AspNetCore.Components.ComponentBase")
            || c.BaseClass?.FullName == "Microsoft.AspNetCore.Components.ComponentBase");
    }

    private static void AssertNone(IEnumerable<string> violations, string because)
    {
        var list = violations.Distinct().Order(StringComparer.Ordinal).ToList();
        Assert.True(list.Count == 0, $"{list.Count} violation(s); {because}:{Environment.NewLine}{string.Join(Environment.NewLine, list)}");
    }
}
