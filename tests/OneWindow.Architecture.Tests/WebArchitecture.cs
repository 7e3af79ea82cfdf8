using ArchUnitNET.Domain;
using ArchUnitNET.Domain.Dependencies;
using ArchUnitNET.Loader;
using Microsoft.EntityFrameworkCore;
using AppModel = ArchUnitNET.Domain.Architecture;
using OneWindow.Web.Data;
using OneWindow.Web.Data.Tenancy;
using OneWindow.Web.Infrastructure;

namespace OneWindow.ArchitectureTests;

/// <summary>
/// The compiled application as ArchUnitNET sees it, and the vocabulary the rules speak: which part of the app a type
/// belongs to, which types are shared entities, which are a feature's public seam.
/// </summary>
public static class WebArchitecture
{
    public const string Core = "OneWindow.Core";
    public const string Web = "OneWindow.Web";
    public const string Data = "OneWindow.Web.Data";
    public const string Infrastructure = "OneWindow.Web.Infrastructure";
    public const string Features = "OneWindow.Web.Features";
    public const string Components = "OneWindow.Web.Components";

    public static AppModel App => Loaded.Value.Architecture;

    /// <summary>Types the EF model maps (entities, owned types) and the enums their properties use, by full name.</summary>
    public static IReadOnlySet<string> EntityTypes => Loaded.Value.Entities;

    private static readonly Lazy<(AppModel Architecture, HashSet<string> Entities)> Loaded = new(() =>
    {
        var web = typeof(AppDbContext).Assembly;
        var core = typeof(OneWindow.Core.Tenancy.CompanyScope).Assembly;
        return (new ArchLoader().LoadAssemblies(web, core).Build(), Entities());
    });

    private static HashSet<string> Entities()
    {
        var options = new DbContextOptionsBuilder<SqliteAppDbContext>().UseSqlite("Data Source=:memory:").Options;
        var actor = new CurrentActor();
        actor.EstablishSystem();
        using var db = new SqliteAppDbContext(options, actor, TimeProvider.System, []);
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var entity in db.Model.GetEntityTypes())
        {
            names.Add(entity.ClrType.FullName!);
            foreach (var property in entity.GetProperties())
            {
                var type = Nullable.GetUnderlyingType(property.ClrType) ?? property.ClrType;
                if (type.IsEnum)
                {
                    names.Add(type.FullName!);
                }
            }
        }

        return names;
    }

    /// <summary>The feature a type belongs to (Tickets, Calendars, …), or null outside Features.</summary>
    public static string? FeatureOf(IType type)
    {
        var ns = type.Namespace.FullName;
        if (!ns.StartsWith(Features + ".", StringComparison.Ordinal))
        {
            return null;
        }

        return ns[(Features.Length + 1)..].Split('.')[0];
    }

    public static bool IsIn(IType type, string ns) =>
        type.Namespace.FullName == ns || type.Namespace.FullName.StartsWith(ns + ".", StringComparison.Ordinal);

    /// <summary>An entity of the shared model, or a type nested in one.</summary>
    public static bool IsEntity(IType type) => EntityTypes.Contains(Outermost(type).FullName) || EntityTypes.Contains(type.FullName);

    /// <summary>A type its feature offers to others: marked <see cref="FeatureSeamAttribute"/>, or nested in such a type.</summary>
    public static bool IsSeam(IType type)
    {
        for (IType? t = type; t is not null; t = Declaring(t))
        {
            if (t.Attributes.Any(a => a.FullName == typeof(FeatureSeamAttribute).FullName))
            {
                return true;
            }
        }

        return false;
    }

    public static IType Outermost(IType type)
    {
        var t = type;
        while (Declaring(t) is { } outer)
        {
            t = outer;
        }

        return t;
    }

    private static IType? Declaring(IType type)
    {
        if (!type.IsNested)
        {
            return null;
        }

        var name = type.FullName[..type.FullName.LastIndexOf('+')];
        return App.Types.FirstOrDefault(t => t.FullName == name);
    }

    /// <summary>The dependencies of a type on other types of the application, one per target type.</summary>
    public static IEnumerable<(IType Origin, IType Target)> DependenciesOf(IType type) =>
        type.Dependencies
            .Where(d => d.Target.Assembly is not null && d.Target.FullName.StartsWith("OneWindow.", StringComparison.Ordinal))
            .Select(d => (d.Origin, d.Target))
            .DistinctBy(d => d.Target.FullName);

    /// <summary>The app's own types (generated code of the compiler and of EF migrations left out).</summary>
    public static IEnumerable<IType> AppTypes =>
        App.Types.Where(t => t.FullName.StartsWith("OneWindow.", StringComparison.Ordinal) && !IsIn(t, Data + ".Migrations"));

    public static string Describe(IType origin, IType target) => $"{Outermost(origin).FullName} → {target.FullName}";

    public static IEnumerable<MethodCallDependency> CallsOf(IType type) =>
        type.Dependencies.OfType<MethodCallDependency>();

    public static System.Reflection.Assembly WebAssembly => typeof(AppDbContext).Assembly;
}
