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
