using OneWindow.Web.Features.Calendars;

namespace OneWindow.Web.Features.ServiceLevels;

public sealed record DeliveryInput(DateTimeOffset? DeliveredAt, bool? Complete = null, string? Note = null);

public sealed record FigureInput(decimal? Value, long? Numerator = null, long? Denominator = null, string? Note = null);

public sealed record DeliveryDto(Guid Id, Guid MetricId, string Period, DateOnly PeriodStart, DateTimeOffset DueAt, DateTimeOffset? DeliveredAt, bool? Complete,
    DeliveryVerdict Verdict, string? Note, MeasurementSource Source, string? RecordedByName, int Version);

public sealed record FigureDto(Guid Id, Guid MetricId, string Period, DateOnly PeriodStart, decimal Value, long? Numerator, long? Denominator, bool Met,
    string? Note, MeasurementSource Source, string? RecordedByName, int Version);

public sealed record ImportResult(int Added, int Updated);

/// <summary>Records periodic deliveries and measured figures: from the UI, the API or a CSV file.</summary>
public sealed class MeasurementDesk(AppDbContext db, CurrentActor actor, TimeProvider clock, CalendarBook calendars)
{
    public static DeliveryDto ToDto(DeadlineDelivery d, AgreementMetric m, DateTimeOffset now) => new(d.Id, d.MetricId, new ReportPeriod(m.Period ?? PeriodUnit.Month, d.PeriodStart).Key,
        d.PeriodStart, d.DueAt, d.DeliveredAt, d.Complete, Deadlines.Judge(d.DueAt, d.DeliveredAt, d.Complete, m.RequireComplete, now), d.Note, d.Source, d.RecordedByName, d.Version);

    public static FigureDto ToDto(RatioFigure f, AgreementMetric m) => new(f.Id, f.MetricId, new ReportPeriod(m.Period ?? PeriodUnit.Month, f.PeriodStart).Key, f.PeriodStart,
        f.Value, f.Numerator, f.Denominator, Ratios.Met(f.Value, m.RatioTarget ?? 0, m.RatioDirection ?? RatioDirection.AtLeast), f.Note, f.Source, f.RecordedByName, f.Version);

    /// <summary>Reads a period key of the metric's unit ("2026-11" for a monthly metric).</summary>
    public static bool TryPeriod(AgreementMetric metric, string? key, out ReportPeriod period, out string? error)
    {
        error = null;
        if (!ReportPeriod.TryParse(key, out period) || period.Unit != (metric.Period ?? PeriodUnit.Month))
        {
            error = (metric.Period ?? PeriodUnit.Month) switch
            {
                PeriodUnit.Month => "Give the month as YYYY-MM, e.g. 2026-11.",
                PeriodUnit.Quarter => "Give the quarter as YYYY-Qn, e.g. 2026-Q4.",
                _ => "Give the year as YYYY, e.g. 2026.",
            };
            return false;
        }

        return true;
    }

    /// <summary>When a periodic delivery for a period is due, on the calendar the metric's agreement runs on.</summary>
    public async Task<DateTimeOffset> DueAtAsync(AgreementMetric metric, ReportPeriod period, CancellationToken ct)
    {
        var version = await db.AgreementVersions.AsNoTracking().FirstAsync(v => v.Id == metric.VersionId, ct);
        var calendarId = await CalendarBook.ResolveIdAsync(db, version.CalendarId, metric.CompanyId, null, ct)
            ?? throw new InvalidOperationException("No calendar is defined.");
        var calendar = await calendars.GetAsync(db, calendarId, ct);
        return Deadlines.DueAt(calendar, period, metric.DueWorkingDay ?? 1, metric.DueTime);
    }

    public async Task<(DeadlineDelivery? Delivery, DeskResult Result)> RecordDeliveryAsync(AgreementMetric metric, string periodKey, DeliveryInput input, MeasurementSource source, CancellationToken ct)
    {
        if (metric.Kind != MetricKind.PeriodicDeadline)
        {
            return (null, DeskResult.Field("metricId", "This metric is not a periodic deadline."));
        }

        if (!TryPeriod(metric, periodKey, out var period, out var error))
        {
            return (null, DeskResult.Field("period", error!));
        }

        if (input.DeliveredAt is { } at && at > clock.GetUtcNow().AddMinutes(5))
        {
            return (null, DeskResult.Field("deliveredAt", "A delivery cannot be recorded in the future."));
        }

        if (input.Note is { Length: > 2000 })
        {
            return (null, DeskResult.Field("note", "At most 2000 characters."));
        }

        var delivery = await FindOrAddAsync(db.DeadlineDeliveries, metric, period, ct);
        delivery.DueAt = await DueAtAsync(metric, period, ct);
        delivery.DeliveredAt = input.DeliveredAt;
        delivery.Complete = input.Complete;
        Stamp(delivery, input.Note, source);
        await db.SaveChangesAsync(ct);
        return (delivery, DeskResult.Ok(delivery.Id));
    }

    /// <summary>The metric's record for the period, added when there is none yet.</summary>
    private static async Task<T> FindOrAddAsync<T>(DbSet<T> set, AgreementMetric metric, ReportPeriod period, CancellationToken ct)
        where T : PeriodMeasurement, new()
    {
        var row = await set.FirstOrDefaultAsync(r => r.MetricId == metric.Id && r.PeriodStart == period.Start, ct);
        if (row is null)
        {
            row = new T { MetricId = metric.Id, CompanyId = metric.CompanyId, PeriodStart = period.Start };
            set.Add(row);
        }

        return row;
    }

    /// <summary>Who recorded it, how, and their note.</summary>
    private void Stamp(PeriodMeasurement row, string? note, MeasurementSource source)
    {
        row.Note = note?.Trim();
        row.Source = source;
        row.RecordedById = actor.UserId;
        row.RecordedByName = actor.Name;
    }

    public async Task<(RatioFigure? Figure, DeskResult Result)> RecordFigureAsync(AgreementMetric metric, string periodKey, FigureInput input, MeasurementSource source, CancellationToken ct)
    {
        if (metric.Kind != MetricKind.MeasuredRatio)
        {
            return (null, DeskResult.Field("metricId", "This metric is not a measured ratio."));
        }

        if (!TryPeriod(metric, periodKey, out var period, out var error))
        {
            return (null, DeskResult.Field("period", error!));
        }

        var value = input.Value;
        if (input.Numerator is { } n && input.Denominator is { } d)
        {
            if (d <= 0 || n < 0 || n > d)
            {
                return (null, DeskResult.Field("denominator", "Numerator and denominator must satisfy 0 ≤ numerator ≤ denominator, denominator > 0."));
            }

            value ??= Math.Round(n * 100m / d, 4);
        }

        if (value is not (>= 0 and <= 100))
        {
            return (null, DeskResult.Field("value", "Give the figure as a percentage between 0 and 100 (or numerator and denominator)."));
        }

        if (input.Note is { Length: > 2000 })
        {
            return (null, DeskResult.Field("note", "At most 2000 characters."));
        }

        var figure = await FindOrAddAsync(db.RatioFigures, metric, period, ct);
        figure.Value = value.Value;
        figure.Numerator = input.Numerator;
        figure.Denominator = input.Denominator;
        Stamp(figure, input.Note, source);
        await db.SaveChangesAsync(ct);
        return (figure, DeskResult.Ok(figure.Id));
    }

    /// <summary>
    /// Imports figures from CSV lines "period;value[;numerator;denominator;note]" (comma also accepted as the separator when
    /// no semicolon is present; a decimal comma is read in semicolon files; a header line is skipped). All or nothing:
    /// a bad line refuses the whole file, naming the line.
    /// </summary>
    public async Task<(ImportResult? Result, DeskResult Outcome)> ImportFiguresAsync(AgreementMetric metric, string csv, CancellationToken ct)
    {
        var rows = new List<(string Period, FigureInput Input)>();
        var lineNo = 0;
        foreach (var raw in csv.Split('\n'))
        {
            lineNo++;
            var line = raw.Trim().TrimStart('\uFEFF');
            if (line.Length == 0)
            {
                continue;
            }

            var separator = line.Contains(';', StringComparison.Ordinal) ? ';' : ',';
            var cells = line.Split(separator).Select(c => c.Trim().Trim('"')).ToArray();
            if (rows.Count == 0 && lineNo == 1 && !char.IsDigit(cells[0].FirstOrDefault()))
            {
                continue; // header
            }

            decimal? Number(int i) => cells.Length > i && cells[i].Length > 0
                ? decimal.TryParse(separator == ';' ? cells[i].Replace(',', '.') : cells[i], NumberStyles.Number, CultureInfo.InvariantCulture, out var v) ? v : throw new FormatException($"'{cells[i]}' is not a number")
                : null;
            try
            {
                var value = Number(1);
                var numerator = Number(2);
                var denominator = Number(3);
                if (!TryPeriod(metric, cells[0], out _, out var periodError))
                {
                    return (null, DeskResult.Field("file", $"Line {lineNo}: {periodError}"));
                }

                if (numerator is { } n1 && n1 % 1 != 0 || denominator is { } d1 && d1 % 1 != 0)
                {
                    return (null, DeskResult.Field("file", $"Line {lineNo}: numerator and denominator are whole counts."));
                }

                rows.Add((cells[0], new FigureInput(value, (long?)numerator, (long?)denominator, cells.Length > 4 ? cells[4] : null)));
            }
            catch (FormatException e)
            {
                return (null, DeskResult.Field("file", $"Line {lineNo}: {e.Message}."));
            }
            catch (OverflowException)
            {
                return (null, DeskResult.Field("file", $"Line {lineNo}: a number is too large."));
            }
        }

        if (rows.Count == 0)
        {
            return (null, DeskResult.Field("file", "The file has no figures: expected lines such as 2026-11;99.6."));
        }

        var added = 0;
        var updated = 0;
        await using var transaction = await db.Database.BeginUnitOfWorkAsync(ct);
        foreach (var (period, input) in rows)
        {
            var existed = ReportPeriod.TryParse(period, out var p) && await db.RatioFigures.AnyAsync(f => f.MetricId == metric.Id && f.PeriodStart == p.Start, ct);
            var (_, result) = await RecordFigureAsync(metric, period, input, MeasurementSource.CsvImport, ct);
            if (result.Outcome != DeskOutcome.Done)
            {
                var first = result.Errors!.First();
                return (null, DeskResult.Field("file", $"Period {period}: {first.Value[0]}"));
            }

            if (existed)
            {
                updated++;
            }
            else
            {
                added++;
            }
        }

        await transaction.CommitAsync(ct);
        return (new ImportResult(added, updated), DeskResult.Ok());
    }
}
