using OneWindow.Web.Features.Auth;
using OneWindow.Web.Features.Tickets;

namespace OneWindow.Web.Features.ServiceLevels;

public sealed record ClockLogDto(DateTimeOffset At, ClockLogKind Kind, int? Percent, Guid? TeamId);

public sealed record TeamShareDto(Guid TeamId, string? TeamName, double Minutes);

public sealed record ClockDto(long? Id, Guid MetricId, string Metric, MetricSide Side, TimerKind Timer, int Episode, ClockState State,
    double ElapsedMinutes, double TargetMinutes, double RemainingMinutes, double Percent, DateTimeOffset StartedAt, DateTimeOffset? DueAt,
    DateTimeOffset? BreachedAt, DateTimeOffset? StoppedAt, string TimeZoneId, IReadOnlyList<ClockLogDto> Log, IReadOnlyList<TeamShareDto> ByTeam,
    IReadOnlyList<int> AlertsSent);

public sealed record RecalculateInput(Guid? CompanyId, DateTimeOffset? From, DateTimeOffset? To, bool IncludeClosed = false);

public sealed record RecalculateResult(int Tickets);

/// <summary>Deliveries, figures (with CSV import), a ticket's clocks, and recalculation.</summary>
public static class MeasurementEndpoints
{
    public static RouteGroupBuilder MapMeasurementEndpoints(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/agreement-metrics/{id:guid}").WithTags("Service levels");
        group.MapGet("/deliveries", ListDeliveriesAsync).WithName("ListDeliveries");
        group.MapPut("/deliveries/{period}", RecordDeliveryAsync).WithName("RecordDelivery").RequireAuthorization(Policies.Ssc);
        group.MapDelete("/deliveries/{period}", DeleteDeliveryAsync).WithName("DeleteDelivery").RequireAuthorization(Policies.Ssc);
        group.MapGet("/figures", ListFiguresAsync).WithName("ListFigures");
        group.MapPut("/figures/{period}", RecordFigureAsync).WithName("RecordFigure").RequireAuthorization(Policies.Ssc);
        group.MapDelete("/figures/{period}", DeleteFigureAsync).WithName("DeleteFigure").RequireAuthorization(Policies.Ssc);
        // Antiforgery is off as for the other multipart endpoint: bearer tokens, or the SameSite=Lax cookie.
        group.MapPost("/figures/import", ImportFiguresAsync).WithName("ImportFigures").RequireAuthorization(Policies.Ssc).DisableAntiforgery();

        api.MapGet("/tickets/{id:guid}/clocks", ClocksAsync).WithTags("Service levels").WithName("TicketClocks");
        api.MapPost("/service-levels/recalculate", RecalculateAsync).WithTags("Service levels").WithName("RecalculateClocks").RequireAuthorization(Policies.Admin);
        return api;
    }

    private static async Task<Results<Ok<List<DeliveryDto>>, ProblemHttpResult>> ListDeliveriesAsync(Guid id, AppDbContext db, TimeProvider clock, CancellationToken ct)
    {
        var metric = await db.AgreementMetrics.AsNoTracking().FirstOrDefaultAsync(m => m.Id == id, ct);
        if (metric is null)
        {
            return Api.NotFound("agreement metric");
        }

        var now = clock.GetUtcNow();
        var rows = await db.DeadlineDeliveries.AsNoTracking().Where(d => d.MetricId == id).OrderByDescending(d => d.PeriodStart).ToListAsync(ct);
        return TypedResults.Ok(rows.Select(d => MeasurementDesk.ToDto(d, metric, now)).ToList());
    }

    private static async Task<Results<Ok<DeliveryDto>, ProblemHttpResult>> RecordDeliveryAsync(Guid id, string period, DeliveryInput input, AppDbContext db, MeasurementDesk desk,
        TimeProvider clock, CancellationToken ct)
    {
        var metric = await db.AgreementMetrics.FirstOrDefaultAsync(m => m.Id == id, ct);
        if (metric is null)
        {
            return Api.NotFound("agreement metric");
        }

        var (delivery, result) = await desk.RecordDeliveryAsync(metric, period, input, MeasurementSource.Api, ct);
        return delivery is null ? Api.Problem(result) : TypedResults.Ok(MeasurementDesk.ToDto(delivery, metric, clock.GetUtcNow()));
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> DeleteDeliveryAsync(Guid id, string period, AppDbContext db, CancellationToken ct)
    {
        var metric = await db.AgreementMetrics.AsNoTracking().FirstOrDefaultAsync(m => m.Id == id, ct);
        if (metric is null || !MeasurementDesk.TryPeriod(metric, period, out var p, out _))
        {
            return Api.NotFound("delivery");
        }

        var row = await db.DeadlineDeliveries.FirstOrDefaultAsync(d => d.MetricId == id && d.PeriodStart == p.Start, ct);
        if (row is null)
        {
            return Api.NotFound("delivery");
        }

        db.DeadlineDeliveries.Remove(row);
        await db.SaveChangesAsync(ct);
        return TypedResults.NoContent();
    }

    private static async Task<Results<Ok<List<FigureDto>>, ProblemHttpResult>> ListFiguresAsync(Guid id, AppDbContext db, CancellationToken ct)
    {
        var metric = await db.AgreementMetrics.AsNoTracking().FirstOrDefaultAsync(m => m.Id == id, ct);
        if (metric is null)
        {
            return Api.NotFound("agreement metric");
        }

        var rows = await db.RatioFigures.AsNoTracking().Where(d => d.MetricId == id).OrderByDescending(d => d.PeriodStart).ToListAsync(ct);
        return TypedResults.Ok(rows.Select(f => MeasurementDesk.ToDto(f, metric)).ToList());
    }

    private static async Task<Results<Ok<FigureDto>, ProblemHttpResult>> RecordFigureAsync(Guid id, string period, FigureInput input, AppDbContext db, MeasurementDesk desk, CancellationToken ct)
    {
        var metric = await db.AgreementMetrics.FirstOrDefaultAsync(m => m.Id == id, ct);
        if (metric is null)
        {
            return Api.NotFound("agreement metric");
        }

        var (figure, result) = await desk.RecordFigureAsync(metric, period, input, MeasurementSource.Api, ct);
        return figure is null ? Api.Problem(result) : TypedResults.Ok(MeasurementDesk.ToDto(figure, metric));
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> DeleteFigureAsync(Guid id, string period, AppDbContext db, CancellationToken ct)
    {
        var metric = await db.AgreementMetrics.AsNoTracking().FirstOrDefaultAsync(m => m.Id == id, ct);
        if (metric is null || !MeasurementDesk.TryPeriod(metric, period, out var p, out _))
        {
            return Api.NotFound("figure");
        }

        var row = await db.RatioFigures.FirstOrDefaultAsync(d => d.MetricId == id && d.PeriodStart == p.Start, ct);
        if (row is null)
        {
            return Api.NotFound("figure");
        }

        db.RatioFigures.Remove(row);
        await db.SaveChangesAsync(ct);
        return TypedResults.NoContent();
    }

    private static async Task<Results<Ok<ImportResult>, ProblemHttpResult>> ImportFiguresAsync(Guid id, HttpRequest request, AppDbContext db, MeasurementDesk desk, CancellationToken ct)
    {
        var metric = await db.AgreementMetrics.FirstOrDefaultAsync(m => m.Id == id, ct);
        if (metric is null)
        {
            return Api.NotFound("agreement metric");
        }

        string text;
        if (request.HasFormContentType)
        {
            var form = await request.ReadFormAsync(ct);
            if (form.Files.Count != 1 || form.Files[0].Length > 1024 * 1024)
            {
                return Api.Problem(DeskResult.Field("file", "Send one CSV file of at most 1 MB as multipart/form-data."));
            }

            using var reader = new StreamReader(form.Files[0].OpenReadStream());
            text = await reader.ReadToEndAsync(ct);
        }
        else
        {
            using var reader = new StreamReader(request.Body);
            text = await reader.ReadToEndAsync(ct);
        }

        var (result, outcome) = await desk.ImportFiguresAsync(metric, text, ct);
        return result is null ? Api.Problem(outcome) : TypedResults.Ok(result);
    }

    private static async Task<Results<Ok<List<ClockDto>>, ProblemHttpResult>> ClocksAsync(Guid id, AppDbContext db, ClockKeeper keeper, CurrentActor actor, TimeProvider clock, CancellationToken ct)
    {
        var ticket = await db.Tickets.AsNoTracking().VisibleTo(actor).FirstOrDefaultAsync(t => t.Id == id, ct);
        if (ticket is null)
        {
            return Api.NotFound("ticket");
        }

        return TypedResults.Ok(await keeper.ViewsAsync(db, ticket, clock.GetUtcNow(), actor.IsClient, ct));
    }

    private static async Task<Results<Ok<RecalculateResult>, ProblemHttpResult>> RecalculateAsync(RecalculateInput input, AppDbContext db, ClockKeeper keeper, TimeProvider clock, CancellationToken ct)
    {
        if (input.From is { } f && input.To is { } t && t <= f)
        {
            return Api.Problem(DeskResult.Field("to", "to must be after from."));
        }

        // Instants compare in UTC (PostgreSQL's timestamptz takes offset 0 only).
        var count = await keeper.RecalculateAsync(db, clock.GetUtcNow(), input.CompanyId, input.From?.ToUniversalTime(), input.To?.ToUniversalTime(), input.IncludeClosed, ct);
        return TypedResults.Ok(new RecalculateResult(count));
    }
}
