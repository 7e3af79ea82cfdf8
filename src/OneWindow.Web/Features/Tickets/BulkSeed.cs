using System.Diagnostics;

namespace OneWindow.Web.Features.Tickets;

/// <summary>
/// `dotnet run --project src/OneWindow.Web -- seed --tickets 1000000`: a large, realistic ticket history for
/// benchmarks — spread over the demo companies, their request types and contacts, two years back, with a
/// plausible mix of statuses and timeline events. Inserted in batches, without audit rows (it is test data).
/// </summary>
public sealed class BulkSeed(IServiceScopeFactory scopes, TimeProvider clock, ILogger<BulkSeed> logger)
{
    private static readonly string[] Subjects =
    [
        "Оплата счёта {0}", "Акт сверки с {0}", "Вопрос по закрытию месяца", "Справка 2-НДФЛ для сотрудника", "Расчёт отпускных",
        "Исправить счёт-фактуру {0}", "Срочный платёж {0}", "Закупка канцтоваров", "Оформление приёма сотрудника", "Отчёт для банка",
        "Не пришла оплата от {0}", "Уточнение по НДС за квартал", "Возврат аванса {0}", "Дубликат платёжного поручения",
    ];

    private static readonly string[] Counterparties = ["ООО «Северный поток»", "АО «Уралстальмонтаж»", "ООО «Логистик-Восток»", "ИП Смирнов", "ПАО «Энергосбыт»", "ООО «Ромашка»"];

    public async Task<int> RunAsync(int count, int batchSize, CancellationToken ct)
    {
        await using var setup = scopes.CreateAsyncScope();
        setup.ServiceProvider.GetRequiredService<CurrentActor>().EstablishSystem();
        var db = setup.ServiceProvider.GetRequiredService<AppDbContext>();
        var types = await db.RequestTypes.AsNoTracking().Where(t => t.IsActive).Select(t => new { t.Id, t.ServiceId, t.TeamId, t.DefaultPriority }).ToListAsync(ct);
        var receives = await db.ClientServices.AsNoTracking().Select(s => new { s.CompanyId, s.ServiceId }).ToListAsync(ct);
        var contacts = await db.Users.AsNoTracking().Where(u => u.CompanyId != null).Select(u => new { u.Id, Company = u.CompanyId!.Value }).ToListAsync(ct);
        var agents = await db.Users.AsNoTracking().Where(u => u.CompanyId == null && u.TeamId != null).Select(u => new { u.Id, Team = u.TeamId!.Value }).ToListAsync(ct);
        var combos = (from r in receives
                      join t in types on r.ServiceId equals t.ServiceId
                      join c in contacts on r.CompanyId equals c.Company
                      select (Company: r.CompanyId, Type: t, Contact: c.Id)).ToList();
        if (combos.Count == 0)
        {
            throw new InvalidOperationException("No companies with request types and contacts: seed the demo data first.");
        }

        var now = clock.GetUtcNow();
        var year = now.Year;
        // Reserve the whole block of numbers at once, so live intake running alongside never collides.
        var reserved = await new TicketNumbers(db).ReserveAsync(year, count, ct);

        var random = new Random(20261127);
        var watch = Stopwatch.StartNew();
        for (var done = 0; done < count; done += batchSize)
        {
            await using var scope = scopes.CreateAsyncScope();
            scope.ServiceProvider.GetRequiredService<CurrentActor>().EstablishSystem();
            var batchDb = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            batchDb.SaveReactionsEnabled = false;
            batchDb.ChangeTracker.AutoDetectChangesEnabled = false;
            var size = Math.Min(batchSize, count - done);
            for (var i = 0; i < size; i++)
            {
                var (company, type, contact) = combos[random.Next(combos.Count)];
                var created = now.AddMinutes(-random.Next(1, 2 * 365 * 24 * 60));
                var status = Pick(random, created, now);
                var assignee = status == TicketStatus.New ? null : agents.Where(a => a.Team == type.TeamId).Select(a => (Guid?)a.Id).OrderBy(_ => random.Next()).FirstOrDefault();
                var ticket = new Ticket
                {
                    Number = TicketNumber.Format(TicketNumber.DefaultPrefix, year, reserved[done + i]),
                    CompanyId = company,
                    ServiceId = type.ServiceId,
                    RequestTypeId = type.Id,
                    Subject = string.Format(CultureInfo.InvariantCulture, Subjects[random.Next(Subjects.Length)], Counterparties[random.Next(Counterparties.Length)]),
                    Description = "Сгенерировано для нагрузочного тестирования.",
                    Channel = (TicketChannel)random.Next(5),
                    Priority = type.DefaultPriority,
                    Status = status,
                    TeamId = type.TeamId,
                    AssigneeId = assignee,
                    RequesterId = contact,
                    TrackingToken = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24)),
                    CreatedAt = created,
                    UpdatedAt = created,
                    LastActivityAt = created.AddHours(random.Next(1, 72)),
                    ResolvedAt = status is TicketStatus.Resolved or TicketStatus.Closed ? created.AddHours(random.Next(1, 96)) : null,
                    ClosedAt = status == TicketStatus.Closed ? created.AddHours(random.Next(96, 200)) : null,
                };
                ticket.Events.Add(new TicketEvent { TicketId = ticket.Id, CompanyId = company, At = created, Kind = TicketEventKind.Created, IsPublic = true, ActorName = "seed" });
                if (status != TicketStatus.New)
                {
                    ticket.Events.Add(new TicketEvent { TicketId = ticket.Id, CompanyId = company, At = created.AddMinutes(5), Kind = TicketEventKind.StatusChanged, FromStatus = TicketStatus.New, ToStatus = status, IsPublic = true, ActorName = "seed" });
                }

                batchDb.Tickets.Add(ticket);
            }

            batchDb.ChangeTracker.DetectChanges();
            await batchDb.SaveChangesAsync(ct);
            logger.LogInformation("Seeded {Done} of {Count} tickets ({Rate:F0}/s)", done + size, count, (done + size) / watch.Elapsed.TotalSeconds);
        }

        return count;
    }

    private static TicketStatus Pick(Random random, DateTimeOffset created, DateTimeOffset now)
    {
        // Old requests are mostly closed; the last weeks hold the open work.
        if (now - created > TimeSpan.FromDays(30))
        {
            return random.Next(100) < 95 ? TicketStatus.Closed : TicketStatus.Resolved;
        }

        return random.Next(7) switch
        {
            0 => TicketStatus.New,
            1 => TicketStatus.Assigned,
            2 or 3 => TicketStatus.InProgress,
            4 => TicketStatus.WaitingForClient,
            5 => TicketStatus.Resolved,
            _ => TicketStatus.Closed,
        };
    }

    /// <summary>Parses `seed --tickets N [--batch M]` and runs it.</summary>
    public static async Task RunCommandAsync(WebApplication app, string[] args)
    {
        var count = Option(args, "--tickets") ?? 10_000;
        var batch = Option(args, "--batch") ?? 2_000;
        var seed = ActivatorUtilities.CreateInstance<BulkSeed>(app.Services);
        var watch = Stopwatch.StartNew();
        await seed.RunAsync(count, batch, CancellationToken.None);
        Console.WriteLine($"Seeded {count} tickets in {watch.Elapsed.TotalSeconds:F1} s ({count / watch.Elapsed.TotalSeconds:F0} tickets/s).");
    }

    private static int? Option(string[] args, string name)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length && int.TryParse(args[i + 1], NumberStyles.None, CultureInfo.InvariantCulture, out var v) && v > 0 ? v : null;
    }
}
