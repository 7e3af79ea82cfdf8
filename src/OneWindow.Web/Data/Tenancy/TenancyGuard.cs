using System.Collections.Concurrent;
using System.Reflection;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using OneWindow.Web.Features.Clients;
using OneWindow.Web.Features.People;

namespace OneWindow.Web.Data.Tenancy;

/// <summary>Refuses any save that would touch a company outside the actor's scope.</summary>
internal static class TenancyGuard
{
    public static void Check(EntityEntry entry, CurrentActor actor)
    {
        if (entry.State is EntityState.Unchanged or EntityState.Detached || actor.Scope.AllCompanies)
        {
            return;
        }

        switch (entry.Entity)
        {
            case IServiceScoped scoped:
                RequireService(actor, scoped.CompanyId, scoped.ServiceId, entry.Entity.GetType());
                if (entry.State == EntityState.Modified)
                {
                    RequireService(actor, (Guid)entry.Property(nameof(IServiceScoped.CompanyId)).OriginalValue!,
                        (Guid?)entry.Property(nameof(IServiceScoped.ServiceId)).OriginalValue, entry.Entity.GetType());
                }

                break;
            case ICompanyOwned owned:
                Require(actor, owned.CompanyId);
                if (entry.State == EntityState.Modified)
                {
                    Require(actor, (Guid)entry.Property(nameof(ICompanyOwned.CompanyId)).OriginalValue!);
                }

                break;
            case ClientCompany company:
                if (entry.State == EntityState.Added)
                {
                    throw new TenancyViolationException();
                }

                Require(actor, company.Id);
                break;
            case AppUser user when actor.Kind == ActorKind.Person:
                // Identity's own bookkeeping (sign-in counters) runs before the actor is known and is allowed.
                if (user.CompanyId is not { } companyId || entry.State == EntityState.Added)
                {
                    if (user.Id != actor.UserId)
                    {
                        throw new TenancyViolationException();
                    }
                }
                else
                {
                    Require(actor, companyId);
                }

                break;
            case IdentityUserRole<Guid> when actor.Kind == ActorKind.Person:
                throw new TenancyViolationException();
        }
    }

    private static void RequireService(CurrentActor actor, Guid companyId, Guid? serviceId, Type type)
    {
        if (!actor.Scope.AllowsService(companyId, serviceId, UnsetMeansAll.GetOrAdd(type, ReadUnsetMeansAll)))
        {
            throw new TenancyViolationException();
        }
    }

    private static readonly ConcurrentDictionary<Type, bool> UnsetMeansAll = new();

    private static bool ReadUnsetMeansAll(Type type) =>
        (bool)typeof(TenancyGuard).GetMethod(nameof(Read), BindingFlags.NonPublic | BindingFlags.Static)!.MakeGenericMethod(type).Invoke(null, null)!;

    private static bool Read<T>()
        where T : IServiceScoped => T.UnsetMeansAll;

    private static void Require(CurrentActor actor, Guid companyId)
    {
        if (!actor.Scope.Allows(companyId))
        {
            throw new TenancyViolationException();
        }
    }
}

/// <summary>A write outside the actor's company scope; answered as 404 so existence is not revealed.</summary>
public sealed class TenancyViolationException() : InvalidOperationException("The change touches a company outside the current scope.");
