using OneWindow.Web.Features.Calendars;

namespace OneWindow.Web.Features.ServiceLevels;

/// <summary>
/// One undelivered OLA deadline of a client company: what is due (the metric, for which period), when, and who at the
/// company delivers it. <see cref="Late"/> once the due instant has passed.
/// </summary>
[FeatureSeam]
public sealed record OlaObligation(
    Guid MetricId,
    string Metric,
    Guid CompanyId,
    string CompanyName,
    string CompanyTimeZoneId,
    string Period,
    int DueWorkingDay,
    DateTimeOffset DueAt,
    bool Late,
    Guid? ResponsibleId,
    string? ResponsibleName,
    string Agreement,
    DateOnly PeriodStart);

/// <summary>
/// The business's side of the agreements as the client sees it coming: OLA deadlines ("primary documents by working day
/// 5") not yet delivered, due soon or already late. Deliveries are recorded when they arrive (or entered ahead with
/// their due instant), so an expected one that has no row yet gets its due instant the way the SLA/OLA report computes a
/// missing one: the N-th working day after the period by the agreement's calendar (else the company's, else the
/// default), at the metric's time or the end of that working day.
/// </summary>
[FeatureSeam]
public sealed class OlaObligations(AppDbContext db, CalendarBook calendars, TimeProvider clock)
{
    /// <summary>How far back late obligations are still shown: older ones are the report's business, not a to-do.</summary>
    public const int LateLookbackDays = 93;

    /// <summary>
    /// The open OLA deadlines of the companies the actor sees (or of one company) that fall due within
    /// <paramref name="ahead"/> from now or are late (due within the last <see cref="LateLookbackDays"/> days), soonest first.
    /// </summary>
    public async Task<IReadOnlyList<OlaObligation>> OpenAsync(Guid? companyId, TimeSpan ahead, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var horizon = now + ahead;
        var lookback = now.AddDays(-LateLookbackDays);
        var metrics = db.AgreementMetrics.AsNoTracking()
            .Where(m => m.Side == MetricSide.Ola && m.Kind == MetricKind.PeriodicDeadline && m.Period != null && m.DueWorkingDay != null && m.DueWorkingDay >= 1);
        if (companyId is { } c)
        {
            metrics = metrics.Where(m => m.CompanyId == c);
        }

        var rows = await metrics
            .Where(m => m.AgreementVersion!.ApprovedAt != null
                && (m.AgreementVersion.Status == AgreementStatus.Agreed || m.AgreementVersion.Status == AgreementStatus.Archived))
            .Select(m => new
            {
                m.Id, m.Name, m.CompanyId, m.Period, m.DueWorkingDay, m.DueTime, m.ClientResponsibleId,
                Responsible = m.ClientResponsible != null ? m.ClientResponsible.FullName : null,
                m.AgreementVersion!.ValidFrom, m.AgreementVersion.ValidTo, m.AgreementVersion.CalendarId,
                Agreement = m.AgreementVersion.Agreement!.Name,
                Company = m.AgreementVersion.Agreement.Company!.Name, Zone = m.AgreementVersion.Agreement.Company.TimeZoneId,
            })
            .ToListAsync(ct);
        if (rows.Count == 0)
        {
            return [];
        }

        var ids = rows.Select(r => r.Id).ToList();
        var earliest = DateOnly.FromDateTime(lookback.UtcDateTime).AddYears(-1);
        var deliveries = (await db.DeadlineDeliveries.AsNoTracking()
                .Where(d => ids.Contains(d.MetricId) && d.PeriodStart >= earliest)
                .Select(d => new { d.MetricId, d.PeriodStart, d.DueAt, d.DeliveredAt })
                .ToListAsync(ct))
            .ToLookup(d => d.MetricId);
        var compiled = new Dictionary<Guid, BusinessCalendar>();
        var result = new List<OlaObligation>();
        foreach (var m in rows)
        {
            var calendarId = await CalendarBook.ResolveIdAsync(db, m.CalendarId, m.CompanyId, null, ct);
            if (calendarId is not { } cid)
            {
                continue;
            }

            if (!compiled.TryGetValue(cid, out var calendar))
            {
                calendar = await calendars.GetAsync(db, cid, ct);
                compiled[cid] = calendar;
            }

            var recorded = deliveries[m.Id].ToDictionary(d => d.PeriodStart);
            var zone = ViewerTime.Zone(m.Zone);
            var today = LocalDates.Of(now, zone);
            var unit = m.Period!.Value;
            // Deliverables are due after their period ends: the periods from a little before the lookback up to the one running now.
            for (var p = ReportPeriod.Of(unit, LocalDates.Of(lookback, zone)).Previous; p.Start <= today; p = p.Next)
            {
                var lastDay = p.End.AddDays(-1);
                if (lastDay < m.ValidFrom || (m.ValidTo is { } to && lastDay > to))
                {
                    continue;
                }

                DateTimeOffset due;
                if (recorded.TryGetValue(p.Start, out var delivery))
                {
                    if (delivery.DeliveredAt is not null)
                    {
                        continue;
                    }

                    due = delivery.DueAt;
                }
                else
                {
                    due = Deadlines.DueAt(calendar, p, m.DueWorkingDay!.Value, m.DueTime);
                }

                if (due > horizon || due < lookback)
                {
                    continue;
                }

                result.Add(new OlaObligation(m.Id, m.Name, m.CompanyId, m.Company, m.Zone, p.Key, m.DueWorkingDay!.Value, due, due < now,
                    m.ClientResponsibleId, m.Responsible, m.Agreement, p.Start));
            }
        }

        return [.. result.OrderBy(o => o.DueAt).ThenBy(o => o.Metric, StringComparer.CurrentCulture)];
    }
}
