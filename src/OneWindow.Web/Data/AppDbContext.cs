using System.Linq.Expressions;
using System.Reflection;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using OneWindow.Web.Features.Audit;
using OneWindow.Web.Features.Auth;
using OneWindow.Web.Features.Catalogue;
using OneWindow.Web.Features.Clients;
using OneWindow.Web.Features.Organisation;
using OneWindow.Web.Features.People;
using OneWindow.Web.Infrastructure.Api;
using OneWindow.Web.Infrastructure.Tenancy;

namespace OneWindow.Web.Data;

/// <summary>
/// The one DbContext. Tenancy lives here: every <see cref="ICompanyOwned"/> entity and <see cref="ClientCompany"/>
/// get a query filter from the current actor's scope, and every save is checked against the same scope.
/// Provider-specific subclasses exist only so each provider keeps its own migrations.
/// </summary>
public abstract class AppDbContext(DbContextOptions options, CurrentActor actor, TimeProvider clock)
    : IdentityDbContext<AppUser, AppRole, Guid>(options), IDataProtectionKeyContext
{
    /// <summary>The injected clock, for queries that compare with "now" where no TimeProvider is at hand.</summary>
    public TimeProvider Clock => clock;

    public DbSet<Holding> Holdings => Set<Holding>();
    public DbSet<ClientCompany> Companies => Set<ClientCompany>();
    public DbSet<ClientService> ClientServices => Set<ClientService>();
    public DbSet<ClientAssignment> ClientAssignments => Set<ClientAssignment>();
    public DbSet<Department> Departments => Set<Department>();
    public DbSet<Team> Teams => Set<Team>();
    public DbSet<Service> Services => Set<Service>();
    public DbSet<AuditEntry> AuditEntries => Set<AuditEntry>();
    public DbSet<PersonalAccessToken> PersonalAccessTokens => Set<PersonalAccessToken>();
    public DbSet<IdempotencyRecord> IdempotencyRecords => Set<IdempotencyRecord>();
    public DbSet<DataProtectionKey> DataProtectionKeys { get; set; } = null!;
    public DbSet<Features.Tickets.RequestType> RequestTypes => Set<Features.Tickets.RequestType>();
    public DbSet<Features.Tickets.RequestTypeField> RequestTypeFields => Set<Features.Tickets.RequestTypeField>();
    public DbSet<Features.Tickets.Ticket> Tickets => Set<Features.Tickets.Ticket>();
    public DbSet<Features.Tickets.TicketEvent> TicketEvents => Set<Features.Tickets.TicketEvent>();
    public DbSet<Features.Tickets.TicketMessage> TicketMessages => Set<Features.Tickets.TicketMessage>();
    public DbSet<Features.Tickets.TicketSequence> TicketSequences => Set<Features.Tickets.TicketSequence>();
    public DbSet<Features.Tickets.TicketRoutingRule> RoutingRules => Set<Features.Tickets.TicketRoutingRule>();
    public DbSet<Features.Tickets.TicketWatcher> TicketWatchers => Set<Features.Tickets.TicketWatcher>();
    public DbSet<Features.Tickets.CannedResponse> CannedResponses => Set<Features.Tickets.CannedResponse>();
    public DbSet<Features.Tickets.TicketLink> TicketLinks => Set<Features.Tickets.TicketLink>();
    public DbSet<Features.Notifications.Notification> Notifications => Set<Features.Notifications.Notification>();
    public DbSet<Features.Mail.MailTemplateOverride> MailTemplates => Set<Features.Mail.MailTemplateOverride>();
    public DbSet<Features.Attachments.TicketAttachment> TicketAttachments => Set<Features.Attachments.TicketAttachment>();
    public DbSet<Features.Mail.InboundEmail> InboundEmails => Set<Features.Mail.InboundEmail>();
    public DbSet<Features.Mail.OutboxMessage> OutboxMessages => Set<Features.Mail.OutboxMessage>();
    public DbSet<Features.ServiceLevels.ServiceCalendar> Calendars => Set<Features.ServiceLevels.ServiceCalendar>();
    public DbSet<Features.ServiceLevels.ServiceCalendarDay> CalendarDays => Set<Features.ServiceLevels.ServiceCalendarDay>();
    public DbSet<Features.ServiceLevels.Agreement> Agreements => Set<Features.ServiceLevels.Agreement>();
    public DbSet<Features.ServiceLevels.AgreementVersion> AgreementVersions => Set<Features.ServiceLevels.AgreementVersion>();
    public DbSet<Features.ServiceLevels.AgreementMetric> AgreementMetrics => Set<Features.ServiceLevels.AgreementMetric>();
    public DbSet<Features.ServiceLevels.TicketClock> TicketClocks => Set<Features.ServiceLevels.TicketClock>();
    public DbSet<Features.ServiceLevels.TicketClockEvent> TicketClockEvents => Set<Features.ServiceLevels.TicketClockEvent>();
    public DbSet<Features.ServiceLevels.ClockAlert> ClockAlerts => Set<Features.ServiceLevels.ClockAlert>();
    public DbSet<Features.ServiceLevels.DeadlineDelivery> DeadlineDeliveries => Set<Features.ServiceLevels.DeadlineDelivery>();
    public DbSet<Features.ServiceLevels.RatioFigure> RatioFigures => Set<Features.ServiceLevels.RatioFigure>();
    public DbSet<Features.Feedback.Rating> Ratings => Set<Features.Feedback.Rating>();
    public DbSet<Features.Feedback.Review> Reviews => Set<Features.Feedback.Review>();
    public DbSet<Features.Feedback.FeedbackSettings> FeedbackSettings => Set<Features.Feedback.FeedbackSettings>();

    public CurrentActor Actor => actor;

    /// <summary>Off only for bulk test-data generation; every other write is audited.</summary>
    public bool AuditEnabled { get; set; } = true;

    // Read by the query filters on every query execution; EF parameterises them per context instance.
    private bool ScopeAll => actor.Scope.AllCompanies;
    private Guid[] ScopeCompanyIds => [.. actor.Scope.CompanyIds];
    private bool PeopleUnrestricted => actor.Kind != ActorKind.Person || actor.Scope.AllCompanies;

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.ApplyConfigurationsFromAssembly(typeof(AppDbContext).Assembly, t => t.Namespace?.StartsWith("OneWindow.Web.Features", StringComparison.Ordinal) == true);

        builder.Entity<ClientCompany>().HasQueryFilter(c => ScopeAll || ScopeCompanyIds.Contains(c.Id));
        // SSC staff are visible to everyone signed in; client people only within their company.
        builder.Entity<AppUser>().HasQueryFilter(u => PeopleUnrestricted || u.CompanyId == null || ScopeCompanyIds.Contains(u.CompanyId.Value));

        var apply = typeof(AppDbContext).GetMethod(nameof(ApplyCompanyFilter), BindingFlags.NonPublic | BindingFlags.Instance)!;
        foreach (var type in builder.Model.GetEntityTypes().Where(t => typeof(ICompanyOwned).IsAssignableFrom(t.ClrType)))
        {
            apply.MakeGenericMethod(type.ClrType).Invoke(this, [builder]);
        }

        foreach (var type in builder.Model.GetEntityTypes().Where(t => typeof(Entity).IsAssignableFrom(t.ClrType)))
        {
            builder.Entity(type.ClrType).Property(nameof(Entity.Version)).IsConcurrencyToken();
        }

        builder.Entity<AppUser>().Property(u => u.Version).IsConcurrencyToken();
    }

    private void ApplyCompanyFilter<T>(ModelBuilder builder)
        where T : class, ICompanyOwned
    {
        Expression<Func<T, bool>> filter = e => ScopeAll || ScopeCompanyIds.Contains(e.CompanyId);
        builder.Entity<T>().HasQueryFilter(filter);
    }

    public override int SaveChanges(bool acceptAllChangesOnSuccess)
    {
        var audit = PrepareSave();
        var result = base.SaveChanges(acceptAllChangesOnSuccess);
        if (audit.Count > 0)
        {
            AuditEntries.AddRange(AuditRecorder.Complete(audit));
            base.SaveChanges(acceptAllChangesOnSuccess);
        }

        return result;
    }

    private bool recalculating;

    public override async Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        var calendarChanges = recalculating ? default : Features.ServiceLevels.ClockKeeper.CalendarChanges(this);
        var result = await SaveCoreAsync(acceptAllChangesOnSuccess, cancellationToken);
        if (calendarChanges is { } changes)
        {
            // A calendar edit moves the due instants of the open tickets measured on it (docs/service-levels.md, Recalculation).
            recalculating = true;
            try
            {
                await Features.ServiceLevels.ClockKeeper.RecalculateAfterCalendarChangeAsync(this, clock.GetUtcNow(), changes, cancellationToken);
            }
            finally
            {
                recalculating = false;
            }
        }

        return result;
    }

    private async Task<int> SaveCoreAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken)
    {
        if (AuditEnabled)
        {
            // Ticket events become in-app notifications in the same save, whoever caused them.
            await Features.Notifications.NotificationPlanner.PlanAsync(this, actor, clock.GetUtcNow(), cancellationToken);
            // SLA/OLA clocks follow the ticket's history in the same transaction.
            await Features.ServiceLevels.ClockKeeper.PlanAsync(this, clock.GetUtcNow(), cancellationToken);
        }

        var audit = PrepareSave();
        if (audit.Count == 0)
        {
            return await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
        }

        // The change and its audit record commit together, or neither does.
        var ownTransaction = Database.CurrentTransaction is null ? await Database.BeginTransactionAsync(cancellationToken) : null;
        try
        {
            var result = await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
            AuditEntries.AddRange(AuditRecorder.Complete(audit));
            await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
            if (ownTransaction is not null)
            {
                await ownTransaction.CommitAsync(cancellationToken);
            }

            return result;
        }
        finally
        {
            if (ownTransaction is not null)
            {
                await ownTransaction.DisposeAsync();
            }
        }
    }

    /// <summary>Instants are stored in UTC whatever offset a client sent (PostgreSQL's timestamptz insists on it).</summary>
    private static void NormaliseInstants(Microsoft.EntityFrameworkCore.ChangeTracking.EntityEntry entry)
    {
        if (entry.State is not (EntityState.Added or EntityState.Modified))
        {
            return;
        }

        foreach (var property in entry.Properties)
        {
            if (property.CurrentValue is DateTimeOffset { Offset.Ticks: not 0 } value)
            {
                property.CurrentValue = value.ToUniversalTime();
            }
        }
    }

    private List<PendingAudit> PrepareSave()
    {
        ChangeTracker.DetectChanges();
        var now = clock.GetUtcNow();
        foreach (var entry in ChangeTracker.Entries())
        {
            TenancyGuard.Check(entry, actor);
            NormaliseInstants(entry);
            if (entry.Entity is AuditEntry && entry.State is EntityState.Modified or EntityState.Deleted)
            {
                throw new InvalidOperationException("The audit log is append-only.");
            }

            if (entry.Entity is Features.Feedback.LoyaltyEntry && entry.State is EntityState.Modified or EntityState.Deleted)
            {
                throw new InvalidOperationException("The loyalty ledger is append-only: reverse an entry with a new one.");
            }

            switch (entry.Entity)
            {
                case Entity e when entry.State == EntityState.Added:
                    // Imported history (bulk seed, demo data) keeps its own instants; everything else is stamped now.
                    e.CreatedAt = e.CreatedAt == default ? now : e.CreatedAt;
                    e.UpdatedAt = e.UpdatedAt == default ? e.CreatedAt : e.UpdatedAt;
                    break;
                case Entity e when entry.State == EntityState.Modified:
                    e.UpdatedAt = now;
                    e.Version++;
                    break;
                case AppUser u when entry.State == EntityState.Added:
                    u.CreatedAt = now;
                    u.UpdatedAt = now;
                    break;
                case AppUser u when entry.State == EntityState.Modified && AuditRecorder.HasBusinessChange(entry):
                    u.UpdatedAt = now;
                    u.Version++;
                    break;
            }
        }

        return AuditEnabled ? AuditRecorder.Collect(this, actor, now) : [];
    }
}

/// <summary>Refuses any save that would touch a company outside the actor's scope.</summary>
internal static class TenancyGuard
{
    public static void Check(Microsoft.EntityFrameworkCore.ChangeTracking.EntityEntry entry, CurrentActor actor)
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
