using System.Diagnostics;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using OneWindow.Web.Features.Clients;
using OneWindow.Web.Features.People;

namespace OneWindow.Web.Features.Audit;

/// <summary>A change captured before saving.</summary>
internal sealed record PendingAudit(EntityEntry Entry, string Action, JsonObject Changes, DateTimeOffset At, Guid? ActorId, string? ActorName);

/// <summary>Turns tracked changes of business entities into append-only <see cref="AuditEntry"/> rows.</summary>
internal static class AuditRecorder
{
    // Secrets are never copied into the audit log; a change to them is recorded as "changed".
    private static readonly HashSet<string> Secret = ["PasswordHash", "SecurityStamp", "ConcurrencyStamp"];

    public static List<PendingAudit> Collect(DbContext db, CurrentActor actor, DateTimeOffset now)
    {
        var list = new List<PendingAudit>();
        foreach (var entry in db.ChangeTracker.Entries())
        {
            if (entry.State is not (EntityState.Added or EntityState.Modified or EntityState.Deleted))
            {
                continue;
            }

            // Calendar exceptions are rows of their own (not entities) but move every due instant measured on them.
            if (entry.Entity is not (Entity or AppUser or IdentityUserRole<Guid> or Features.Calendars.ServiceCalendarDay))
            {
                continue;
            }

            if (entry.State == EntityState.Modified && !BusinessChanges.Any(entry))
            {
                continue;
            }

            var changes = new JsonObject();
            foreach (var p in entry.Properties)
            {
                var name = p.Metadata.Name;
                // Computed columns (search vectors) are derived data, not changes anyone made.
                // A calendar day's row number means nothing (and is not known before the insert); its calendar and date name it.
                if (name is "Version" or "UpdatedAt" or "CreatedAt" || p.Metadata.ValueGenerated == Microsoft.EntityFrameworkCore.Metadata.ValueGenerated.OnAddOrUpdate
                    || (name == "Id" && entry.Entity is Features.Calendars.ServiceCalendarDay))
                {
                    continue;
                }

                var include = entry.State switch
                {
                    EntityState.Modified => p.IsModified && !Equals(p.OriginalValue, p.CurrentValue),
                    _ => true,
                };
                if (!include)
                {
                    continue;
                }

                var secret = Secret.Contains(name);
                var change = new JsonObject();
                if (entry.State != EntityState.Added)
                {
                    change["old"] = secret ? "***" : ToJson(p.OriginalValue);
                }

                if (entry.State != EntityState.Deleted)
                {
                    change["new"] = secret ? "***" : ToJson(p.CurrentValue);
                }

                changes[name] = change;
            }

            var action = entry.State switch
            {
                EntityState.Added => "create",
                EntityState.Deleted => "delete",
                _ => "update",
            };
            list.Add(new PendingAudit(entry, action, changes, now, actor.UserId, actor.Name));
        }

        return list;
    }

    public static IEnumerable<AuditEntry> Complete(List<PendingAudit> pending)
    {
        foreach (var p in pending)
        {
            var entity = p.Entry.Entity;
            var (type, id, company) = entity switch
            {
                IdentityUserRole<Guid> ur => ("UserRole", $"{ur.UserId}:{ur.RoleId}", (Guid?)null),
                Features.Calendars.ServiceCalendarDay d => ("CalendarDay", d.CalendarId + ":" + d.Date.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), (Guid?)null),
                AppUser u => ("Person", u.Id.ToString(), u.CompanyId),
                ClientCompany c => (nameof(ClientCompany), c.Id.ToString(), c.Id),
                ICompanyOwned o => (entity.GetType().Name, ((Entity)entity).Id.ToString(), o.CompanyId),
                Entity e => (entity.GetType().Name, e.Id.ToString(), (Guid?)null),
                _ => (entity.GetType().Name, "?", (Guid?)null),
            };
            yield return new AuditEntry
            {
                At = p.At,
                ActorId = p.ActorId,
                ActorName = p.ActorName,
                EntityType = type,
                EntityId = id,
                Action = p.Action,
                Changes = p.Changes.ToJsonString(),
                CompanyId = company,
                TraceId = Activity.Current?.TraceId.ToString(),
            };
        }
    }

    private static JsonNode? ToJson(object? value) => value switch
    {
        null => null,
        string s => s,
        bool b => b,
        int i => i,
        long l => l,
        decimal d => d,
        double d => d,
        Guid g => g.ToString(),
        DateOnly d => d.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
        DateTimeOffset d => d.ToString("O", System.Globalization.CultureInfo.InvariantCulture),
        Enum e => e.ToString(),
        _ => JsonValue.Create(JsonSerializer.SerializeToElement(value)),
    };
}
