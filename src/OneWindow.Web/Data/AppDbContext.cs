using System.Reflection;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using OneWindow.Web.Features.Audit;
using OneWindow.Web.Features.Auth;
using OneWindow.Web.Features.Catalogue;
using OneWindow.Web.Features.Clients;
using OneWindow.Web.Features.Organisation;
using OneWindow.Web.Features.People;

namespace OneWindow.Web.Data;

/// <summary>
/// The one DbContext. Tenancy lives here: every <see cref="ICompanyOwned"/> entity and <see cref="ClientCompany"/>
/// get a query filter from the current actor's scope, and every save is checked against the same scope.
/// Provider-specific subclasses exist only so each provider keeps its own migrations.
/// </summary>
public abstract class AppDbContext(DbContextOptions options, CurrentActor actor, TimeProvider clock, IEnumerable<ISaveChangesReaction> reactions)
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
    public DbSet<Features.Calendars.ServiceCalendar> Calendars => Set<Features.Calendars.ServiceCalendar>();
    public DbSet<Features.Calendars.ServiceCalendarDay> CalendarDays => Set<Features.Calendars.ServiceCalendarDay>();
    public DbSet<Features.ServiceLevels.Agreement> Agreements => Set<Features.ServiceLevels.Agreement>();
    public DbSet<Features.ServiceLevels.AgreementVersion> AgreementVersions => Set<Features.ServiceLevels.AgreementVersion>();
    public DbSet<Features.ServiceLevels.AgreementMetric> AgreementMetrics => Set<Features.ServiceLevels.AgreementMetric>();
    public DbSet<Features.ServiceLevels.TicketClock> TicketClocks => Set<Features.ServiceLevels.TicketClock>();
    public DbSet<Features.ServiceLevels.TicketClockEvent> TicketClockEvents => Set<Features.ServiceLevels.TicketClockEvent>();
    public DbSet<Features.ServiceLevels.ClockAlert> ClockAlerts => Set<Features.ServiceLevels.ClockAlert>();
    public DbSet<Features.ServiceLevels.ObligationReminder> ObligationReminders => Set<Features.ServiceLevels.ObligationReminder>();
    public DbSet<Features.ServiceLevels.DeadlineDelivery> DeadlineDeliveries => Set<Features.ServiceLevels.DeadlineDelivery>();
    public DbSet<Features.ServiceLevels.RatioFigure> RatioFigures => Set<Features.ServiceLevels.RatioFigure>();
    public DbSet<Features.Feedback.Rating> Ratings => Set<Features.Feedback.Rating>();
    public DbSet<Features.Feedback.Review> Reviews => Set<Features.Feedback.Review>();
    public DbSet<Features.Feedback.FeedbackSettings> FeedbackSettings => Set<Features.Feedback.FeedbackSettings>();

    public CurrentActor Actor => actor;

    /// <summary>
    /// Off only for bulk test-data generation: saves then skip the features' reactions (notifications, clocks, audit).
    /// Data's own rules — tenancy, append-only rows, stamps — hold for every save.
    /// </summary>
    public bool SaveReactionsEnabled { get; set; } = true;

    private readonly ISaveChangesReaction[] reactions = [.. reactions.OrderBy(r => r.Order)];

    // Read by the query filters on every query execution; EF parameterises them per context instance.
    private bool ScopeAll => actor.Scope.AllCompanies;
    private Guid[] ScopeCompanyIds => [.. actor.Scope.CompanyIds];
    private Guid[] ScopeWholeCompanyIds => [.. actor.Scope.WholeCompanyIds];
    private Guid[] ScopeBoundAssignmentIds => [.. actor.BoundAssignmentIds];
    private bool PeopleUnrestricted => actor.Kind != ActorKind.Person || actor.Scope.AllCompanies;

    /// <summary>Which database this context talks to; provider-specific model parts ask it.</summary>
    public abstract DatabaseProvider Provider { get; }

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        // Each feature owns its entity configurations; they are found beside the entities, as are provider-specific parts.
        builder.ApplyConfigurationsFromAssembly(typeof(AppDbContext).Assembly);
        foreach (var type in typeof(AppDbContext).Assembly.GetTypes().Where(t => t is { IsClass: true, IsAbstract: false } && typeof(IProviderModelConfiguration).IsAssignableFrom(t)))
        {
            ((IProviderModelConfiguration)Activator.CreateInstance(type, nonPublic: true)!).Configure(builder, Provider);
        }

        builder.Entity<ClientCompany>().HasQueryFilter(c => ScopeAll || ScopeCompanyIds.Contains(c.Id));
        // SSC staff are visible to everyone signed in; client people only within their company.
        builder.Entity<AppUser>().HasQueryFilter(u => PeopleUnrestricted || u.CompanyId == null || ScopeCompanyIds.Contains(u.CompanyId.Value));

        var apply = typeof(AppDbContext).GetMethod(nameof(ApplyCompanyFilter), BindingFlags.NonPublic | BindingFlags.Instance)!;
        var applyService = typeof(AppDbContext).GetMethod(nameof(ApplyServiceFilter), BindingFlags.NonPublic | BindingFlags.Instance)!;
        foreach (var type in builder.Model.GetEntityTypes().Where(t => typeof(ICompanyOwned).IsAssignableFrom(t.ClrType)))
        {
            (typeof(IServiceScoped).IsAssignableFrom(type.ClrType) ? applyService : apply).MakeGenericMethod(type.ClrType).Invoke(this, [builder]);
        }

        // An agreement's versions, metrics and measurements follow their agreement, which a service-bound lead may not see.
        builder.Entity<Features.ServiceLevels.AgreementVersion>().HasQueryFilter(e => ScopeAll || ScopeWholeCompanyIds.Contains(e.CompanyId)
            || (ScopeCompanyIds.Contains(e.CompanyId) && Set<Features.ServiceLevels.Agreement>().Any(a => a.Id == e.AgreementId)));
        builder.Entity<Features.ServiceLevels.AgreementMetric>().HasQueryFilter(e => ScopeAll || ScopeWholeCompanyIds.Contains(e.CompanyId)
            || (ScopeCompanyIds.Contains(e.CompanyId) && Set<Features.ServiceLevels.AgreementVersion>().Any(v => v.Id == e.VersionId)));
        // Measurements share a base class Data does not map; their columns are named rather than reached through it.
        builder.Entity<Features.ServiceLevels.DeadlineDelivery>().HasQueryFilter(e => ScopeAll || ScopeWholeCompanyIds.Contains(EF.Property<Guid>(e, "CompanyId"))
            || (ScopeCompanyIds.Contains(EF.Property<Guid>(e, "CompanyId"))
                && Set<Features.ServiceLevels.AgreementMetric>().Any(m => m.Id == EF.Property<Guid>(e, "MetricId"))));
        builder.Entity<Features.ServiceLevels.RatioFigure>().HasQueryFilter(e => ScopeAll || ScopeWholeCompanyIds.Contains(EF.Property<Guid>(e, "CompanyId"))
            || (ScopeCompanyIds.Contains(EF.Property<Guid>(e, "CompanyId"))
                && Set<Features.ServiceLevels.AgreementMetric>().Any(m => m.Id == EF.Property<Guid>(e, "MetricId"))));

        // A committee is seen by the SSC and by the people of the companies it covers (its CommitteeCompany rows, which
        // are company-owned and filtered themselves); what belongs to a committee follows it.
        builder.Entity<Features.Committees.Committee>().HasQueryFilter(e => ScopeAll || e.Companies.Any(cc => ScopeCompanyIds.Contains(cc.CompanyId)));
        builder.Entity<Features.Committees.CommitteeMember>().HasQueryFilter(e => ScopeAll || Set<Features.Committees.Committee>().Any(c => c.Id == e.CommitteeId));
        builder.Entity<Features.Committees.CommitteeMeeting>().HasQueryFilter(e => ScopeAll || Set<Features.Committees.Committee>().Any(c => c.Id == e.CommitteeId));
        builder.Entity<Features.Committees.CommitteeIssue>().HasQueryFilter(e => ScopeAll || Set<Features.Committees.Committee>().Any(c => c.Id == e.CommitteeId));
        builder.Entity<Features.Committees.CadenceProposal>().HasQueryFilter(e => ScopeAll || Set<Features.Committees.Committee>().Any(c => c.Id == e.CommitteeId));
        builder.Entity<Features.Committees.MeetingDecision>().HasQueryFilter(e => ScopeAll || Set<Features.Committees.CommitteeMeeting>().Any(m => m.Id == e.MeetingId));
        builder.Entity<Features.Committees.MeetingAttendance>().HasQueryFilter(e => ScopeAll || Set<Features.Committees.CommitteeMeeting>().Any(m => m.Id == e.MeetingId));
        // An action item is the committee's; a client-side one also needs its company within the viewer's scope.
        builder.Entity<Features.Committees.ActionItem>().HasQueryFilter(e => ScopeAll
            || (e.CompanyId != null && ScopeCompanyIds.Contains(e.CompanyId.Value) && Set<Features.Committees.Committee>().Any(c => c.Id == e.CommitteeId)));

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

    /// <summary>
    /// Whole companies as for any company row; at a company seen only through service-bound assignments, the rows of
    /// those services. The assignment subquery is the last alternative, so SSC-wide staff and clients never reach it.
    /// </summary>
    private void ApplyServiceFilter<T>(ModelBuilder builder)
        where T : class, IServiceScoped
    {
        Expression<Func<T, bool>> filter = T.UnsetMeansAll
            ? e => ScopeAll || ScopeWholeCompanyIds.Contains(e.CompanyId)
                || (ScopeCompanyIds.Contains(e.CompanyId) && (e.ServiceId == null
                    || Set<Features.Clients.ClientAssignment>().Any(a => ScopeBoundAssignmentIds.Contains(a.Id) && a.CompanyId == e.CompanyId && a.ServiceId == e.ServiceId)))
            : e => ScopeAll || ScopeWholeCompanyIds.Contains(e.CompanyId)
                || (ScopeCompanyIds.Contains(e.CompanyId) && e.ServiceId != null
                    && Set<Features.Clients.ClientAssignment>().Any(a => ScopeBoundAssignmentIds.Contains(a.Id) && a.CompanyId == e.CompanyId && a.ServiceId == e.ServiceId));
        builder.Entity<T>().HasQueryFilter(filter);
    }

    /// <summary>
    /// Library code (the data-protection key store) saves synchronously. It runs the same pipeline as every other save,
    /// on the thread pool, so a caller holding a Blazor circuit's synchronisation context cannot deadlock it.
    /// </summary>
    public override int SaveChanges(bool acceptAllChangesOnSuccess) =>
        Task.Run(() => SaveChangesAsync(acceptAllChangesOnSuccess)).GetAwaiter().GetResult();

    /// <summary>
    /// The one save pipeline: the features' reactions plan what follows from the changes, every change is checked
    /// against the tenancy rule and stamped, then all is written — with what the reactions add once keys are known —
    /// in one transaction.
    /// </summary>
    public override async Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        ChangeTracker.DetectChanges();
        var save = new SaveOperation(this);
        if (SaveReactionsEnabled)
        {
            foreach (var reaction in reactions)
            {
                await reaction.BeforeSaveAsync(save, cancellationToken);
            }
        }

        Prepare(save.Now);
        int result;
        if (!save.HasWrittenWork)
        {
            result = await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
        }
        else
        {
            var ownTransaction = Database.CurrentTransaction is null ? await Database.BeginTransactionAsync(cancellationToken) : null;
            try
            {
                result = await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
                foreach (var work in save.Written)
                {
                    await work(cancellationToken);
                }

                Prepare(save.Now);
                await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
                if (ownTransaction is not null)
                {
                    await ownTransaction.CommitAsync(cancellationToken);
                }
            }
            finally
            {
                if (ownTransaction is not null)
                {
                    await ownTransaction.DisposeAsync();
                }
            }
        }

        foreach (var work in save.Committed)
        {
            await work(cancellationToken);
        }

        return result;
    }

    private List<Action>? afterCommit;

    /// <summary>
    /// Runs <paramref name="action"/> once what this context wrote is committed: at once outside a transaction, else when
    /// the transaction commits (never, if it rolls back). Save reactions use it from <see cref="SaveOperation.OnCommitted"/>,
    /// which inside a caller's unit of work still runs before the real commit.
    /// </summary>
    public void AfterCommit(Action action)
    {
        if (Database.CurrentTransaction is null)
        {
            action();
        }
        else
        {
            (afterCommit ??= []).Add(action);
        }
    }

    internal void RunAfterCommit()
    {
        var actions = afterCommit;
        afterCommit = null;
        foreach (var action in actions ?? [])
        {
            action();
        }
    }

    internal void DropAfterCommit() => afterCommit = null;

    /// <summary>
    /// Instants are stored in UTC whatever offset a client sent (PostgreSQL's timestamptz insists on it), and cut to the
    /// precision the database keeps: what a context holds after a save is then exactly what a later read returns.
    /// </summary>
    private void NormaliseInstants(Microsoft.EntityFrameworkCore.ChangeTracking.EntityEntry entry)
    {
        if (entry.State is not (EntityState.Added or EntityState.Modified))
        {
            return;
        }

        foreach (var property in entry.Properties)
        {
            if (property.CurrentValue is DateTimeOffset value && (value.Offset.Ticks != 0 || value.UtcTicks % InstantPrecisionTicks != 0))
            {
                property.CurrentValue = StoredInstant(value);
            }
        }
    }

    /// <summary>The finest instant the database keeps: PostgreSQL a microsecond, SQLite (EF's binary form) 0.1 ms.</summary>
    private long InstantPrecisionTicks => Provider == DatabaseProvider.Postgres ? TimeSpan.TicksPerMicrosecond : TimeSpan.TicksPerMillisecond / 10;

    /// <summary>An instant as this database keeps it: UTC, cut to its precision.</summary>
    public DateTimeOffset StoredInstant(DateTimeOffset value) => new(value.UtcTicks - (value.UtcTicks % InstantPrecisionTicks), TimeSpan.Zero);

    /// <summary>Data's own rules for every changed row: the tenancy scope, append-only rows, UTC instants, row versions and stamps.</summary>
    private void Prepare(DateTimeOffset now)
    {
        ChangeTracker.DetectChanges();
        foreach (var entry in ChangeTracker.Entries())
        {
            TenancyGuard.Check(entry, actor);
            NormaliseInstants(entry);
            if (entry.Entity is IAppendOnly && entry.State is EntityState.Modified or EntityState.Deleted)
            {
                throw new InvalidOperationException($"{entry.Metadata.ClrType.Name} rows are append-only: correct one with a new row, never by editing or deleting it.");
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
                case AppUser u when entry.State == EntityState.Modified && BusinessChanges.Any(entry):
                    u.UpdatedAt = now;
                    u.Version++;
                    break;
            }
        }
    }
}
