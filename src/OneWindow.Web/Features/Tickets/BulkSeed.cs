using System.Diagnostics;
using System.Threading.Channels;
using Npgsql;

namespace OneWindow.Web.Features.Tickets;

/// <summary>
/// `dotnet run --project src/OneWindow.Web -- seed --tickets 1000000`: a large, realistic ticket history for
/// benchmarks — spread over the demo companies, their request types and contacts, two years back, each ticket with a
/// plausible history (assignment, work, replies, a clarification now and then, resolution, closure) told by its
/// timeline events and conversation, and with the rows other features keep per ticket (ServiceLevels: the SLA/OLA
/// clocks, see <see cref="ISeededTicketRows"/>). No audit rows (it is test data). PostgreSQL takes the rows through
/// binary COPY; SQLite through EF in batches.
/// </summary>
public sealed class BulkSeed(IServiceScopeFactory scopes, TimeProvider clock, IEnumerable<ISeededTicketRows> companions, ILogger<BulkSeed> logger)
{
    private static readonly string[] Subjects =
    [
        "Оплата счёта {0}", "Акт сверки с {0}", "Вопрос по закрытию месяца", "Справка 2-НДФЛ для сотрудника", "Расчёт отпускных",
        "Исправить счёт-фактуру {0}", "Срочный платёж {0}", "Закупка канцтоваров", "Оформление приёма сотрудника", "Отчёт для банка",
        "Не пришла оплата от {0}", "Уточнение по НДС за квартал", "Возврат аванса {0}", "Дубликат платёжного поручения",
    ];

    private static readonly string[] Counterparties = ["ООО «Северный поток»", "АО «Уралстальмонтаж»", "ООО «Логистик-Восток»", "ИП Смирнов", "ПАО «Энергосбыт»", "ООО «Ромашка»"];

    private static readonly string[] Replies =
    [
        "Добрый день! Запрос принят в работу, результат пришлём сегодня.", "Платёж проведён, платёжное поручение во вложении к письму.",
        "Документы проверены, замечаний нет. Оригиналы передадим курьером.", "Справка подготовлена и направлена на вашу почту.",
        "Корректировка внесена, обновлённый документ во вложении.",
    ];

    private static readonly string[] Questions =
    [
        "Уточните, пожалуйста, номер договора и срок оплаты.", "Пришлите, пожалуйста, скан счёта: во вложении его нет.",
        "За какой период нужен документ?", "Подтвердите, пожалуйста, реквизиты получателя.",
    ];

    private static readonly string[] Answers =
    [
        "Договор № 14/2026, оплатить до пятницы.", "Скан отправил повторно, проверьте, пожалуйста.", "Нужен период с начала года.",
        "Реквизиты верные, подтверждаю.",
    ];

    private sealed record Person(Guid Id, string Name);

    private sealed record Combo(Guid Company, Guid TypeId, Guid? ServiceId, Guid? TeamId, TicketPriority Priority, Person Contact, string Code = "", string Zone = "");

    private sealed record Batch(List<Ticket> Tickets, List<IReadOnlyList<object>> Rows);

    private enum Step
    {
        Assign,
        Start,
        Reply,
        Ask,
        ClientAnswers,
        Resolve,
        Close,
    }

    public Task<int> RunAsync(int count, int batchSize, CancellationToken ct) => RunAsync(count, batchSize, null, ct);

    /// <summary>
    /// The tickets, spread as <paramref name="history"/> says when given (the demo's year of history: when requests come in
    /// and what they are about), else evenly over two years with generic subjects (the benchmark's load).
    /// </summary>
    public async Task<int> RunAsync(int count, int batchSize, DemoHistoryShape? history, CancellationToken ct)
    {
        await using var setup = scopes.CreateAsyncScope();
        setup.ServiceProvider.GetRequiredService<CurrentActor>().EstablishSystem();
        var db = setup.ServiceProvider.GetRequiredService<AppDbContext>();
        var types = await db.RequestTypes.AsNoTracking().Where(t => t.IsActive).Select(t => new { t.Id, t.Code, t.ServiceId, t.TeamId, t.DefaultPriority }).ToListAsync(ct);
        var receives = await db.ClientServices.AsNoTracking().Select(s => new { s.CompanyId, s.ServiceId }).ToListAsync(ct);
        var contacts = await db.Users.AsNoTracking().Where(u => u.CompanyId != null).Select(u => new { u.Id, u.Email, u.FullName, Company = u.CompanyId!.Value }).ToListAsync(ct);
        var zones = await db.Companies.AsNoTracking().ToDictionaryAsync(c => c.Id, c => c.TimeZoneId, ct);
        var agents = (await db.Users.AsNoTracking().Where(u => u.CompanyId == null && u.TeamId != null).OrderBy(u => u.Email)
                .Select(u => new { u.Id, u.FullName, Team = u.TeamId!.Value }).ToListAsync(ct))
            .GroupBy(a => a.Team).ToDictionary(g => g.Key, g => g.Select(a => new Person(a.Id, a.FullName)).ToArray());
        agents[Guid.Empty] = [.. agents.Values.SelectMany(a => a)];
        var combos = (from r in receives
                      join t in types on r.ServiceId equals t.ServiceId
                      join c in contacts on r.CompanyId equals c.Company
                      // In an order that does not depend on generated keys: the same demo data gives the same tickets.
                      orderby c.Email, t.Code
                      select new Combo(r.CompanyId, t.Id, t.ServiceId, t.TeamId, t.DefaultPriority, new Person(c.Id, c.FullName), t.Code, zones[r.CompanyId])).ToList();
        if (combos.Count == 0)
        {
            throw new InvalidOperationException("No companies with request types and contacts: seed the demo data first.");
        }

        var planners = new List<ISeededTicketRowPlanner>();
        foreach (var companion in companions)
        {
            planners.Add(await companion.PrepareAsync(db, ct));
        }

        var now = clock.GetUtcNow();
        var year = now.Year;
        var keys = new SeedKeys(db);
        // Reserve the whole block of numbers at once, so live intake running alongside never collides. A history is drawn
        // up front, oldest first, so its numbers run with time and each ticket is numbered in the year it came in.
        var reserved = history is null ? await new TicketNumbers(db).ReserveAsync(year, count, ct) : [];
        var planned = history is null ? null : new List<(Combo Combo, DateTimeOffset Created, string Number)>(count);
        if (history is not null)
        {
            var draw = new Random(history.Seed);
            var drawn = Enumerable.Range(0, count).Select(_ => combos[draw.Next(combos.Count)]).Select(c => (Combo: c, Created: DemoHistoryShape.Created(draw, c.Zone, now)))
                .OrderBy(x => x.Created).ToList();
            foreach (var group in drawn.GroupBy(x => x.Created.Year))
            {
                var numbers = await new TicketNumbers(db).ReserveAsync(group.Key, group.Count(), ct);
                planned!.AddRange(group.Select((x, i) => (x.Combo, x.Created, TicketNumber.Format(TicketNumber.DefaultPrefix, group.Key, numbers[i]))));
            }
        }


        // Generating and planning batches (on the setup context) overlaps writing them. PostgreSQL takes batches on as
        // many connections as there are cores, each batch whole in one transaction; SQLite has one writer.
        var writers = db.Provider == DatabaseProvider.Postgres ? Math.Clamp(Environment.ProcessorCount, 1, 4) : 1;
        var batches = Channel.CreateBounded<Batch>(writers + 1);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var producer = Task.Run(async () =>
        {
            try
            {
                var random = new Random(history?.Seed ?? 20261127);
                for (var done = 0; done < count; done += batchSize)
                {
                    var size = Math.Min(batchSize, count - done);
                    var tickets = new List<Ticket>(size);
                    for (var i = 0; i < size; i++)
                    {
                        tickets.Add(planned is null
                            ? Generate(random, combos[random.Next(combos.Count)], agents, TicketNumber.Format(TicketNumber.DefaultPrefix, year, reserved[done + i]), now, null, null)
                            : Generate(random, planned[done + i].Combo, agents, planned[done + i].Number, now, planned[done + i].Created, history));
                    }

                    var rows = new List<IReadOnlyList<object>>();
                    foreach (var planner in planners)
                    {
                        rows.AddRange(await planner.RowsForAsync(tickets, now, keys, stop.Token));
                    }

                    await batches.Writer.WriteAsync(new Batch(tickets, rows), stop.Token);
                }

                batches.Writer.Complete();
            }
            catch (Exception e)
            {
                batches.Writer.Complete(e);
            }
        }, CancellationToken.None);

        var watch = Stopwatch.StartNew();
        var written = 0;
        async Task<IReadOnlyCollection<string>> WriteAllAsync()
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                scope.ServiceProvider.GetRequiredService<CurrentActor>().EstablishSystem();
                var writeDb = scope.ServiceProvider.GetRequiredService<AppDbContext>();
                PostgresCopy? copy = null;
                if (writeDb.Provider == DatabaseProvider.Postgres)
                {
                    await writeDb.Database.OpenConnectionAsync(stop.Token);
                    copy = new PostgresCopy((NpgsqlConnection)writeDb.Database.GetDbConnection(), writeDb.Model);
                }

                await foreach (var batch in batches.Reader.ReadAllAsync(stop.Token))
                {
                    await (copy is null ? SaveAsync(batch, stop.Token) : CopyAsync(copy, batch, stop.Token));
                    var done = Interlocked.Add(ref written, batch.Tickets.Count);
                    logger.LogInformation("Seeded {Done} of {Count} tickets ({Rate:F0}/s)", done, count, done / watch.Elapsed.TotalSeconds);
                }

                return copy?.Tables ?? [];
            }
            catch
            {
                // One writer failing stops the others and the generation.
                await stop.CancelAsync();
                throw;
            }
        }

        IReadOnlyCollection<string>[] tables;
        try
        {
            tables = await Task.WhenAll(Enumerable.Range(0, writers).Select(_ => Task.Run(WriteAllAsync, stop.Token)));
        }
        finally
        {
            // The generation uses the setup context: it must be done with it before the scope goes. It never throws.
            await producer;
        }

        if (db.Provider == DatabaseProvider.Postgres)
        {
            // Fresh statistics and visibility map, as after any bulk load once autovacuum has been round: until then the
            // planner would take a million rows for a handful, and every index-only scan (the lists' capped counts) would
            // visit the heap. The names come from the EF model, never from input.
#pragma warning disable EF1002
            await db.Database.ExecuteSqlRawAsync($"VACUUM (ANALYZE) {string.Join(", ", tables.SelectMany(t => t).Distinct().Select(t => $"\"{t}\""))}", ct);
#pragma warning restore EF1002
        }

        foreach (var planner in planners)
        {
            await planner.SeededAsync(ct);
        }

        return count;
    }

    /// <summary>A batch in one transaction: tickets, their events and messages, then the companions' rows in their order.</summary>
    private static async Task CopyAsync(PostgresCopy copy, Batch batch, CancellationToken ct)
    {
        await using var transaction = await copy.Connection.BeginTransactionAsync(ct);
        await copy.WriteAsync(batch.Tickets, ct);
        await copy.WriteAsync([.. batch.Tickets.SelectMany(t => t.Events)], ct);
        await copy.WriteAsync([.. batch.Tickets.SelectMany(t => t.Messages)], ct);
        foreach (var rows in batch.Rows)
        {
            await copy.WriteAsync(rows, ct);
        }

        await transaction.CommitAsync(ct);
    }

    /// <summary>A batch through EF, on a context of its own, without the features' save reactions (the companions did their part).</summary>
    private async Task SaveAsync(Batch batch, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<CurrentActor>().EstablishSystem();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        db.SaveReactionsEnabled = false;
        db.ChangeTracker.AutoDetectChangesEnabled = false;
        db.Tickets.AddRange(batch.Tickets);
        foreach (var rows in batch.Rows)
        {
            db.AddRange(rows);
        }

        db.ChangeTracker.DetectChanges();
        await db.SaveChangesAsync(ct);
    }

    /// <summary>One ticket and its history up to now: the steps an agent and the client would have taken, with their events and messages.</summary>
    private static Ticket Generate(Random random, Combo combo, Dictionary<Guid, Person[]> agents, string number, DateTimeOffset now, DateTimeOffset? createdAt,
        DemoHistoryShape? shape)
    {
        var created = createdAt ?? now.AddMinutes(-random.Next(1, 2 * 365 * 24 * 60));
        var status = Pick(random, created, now, shape is not null);
        // Someone of the ticket's team takes it; a team with nobody in it borrows from the whole SSC.
        var team = combo.TeamId is { } teamId && agents.TryGetValue(teamId, out var members) ? members : agents[Guid.Empty];
        var agent = status == TicketStatus.New ? null : team[random.Next(team.Length)];

        // Wall-clock minutes after creation at which each step happens: most requests are answered and resolved within
        // the demo agreements' targets (4 and 16 working hours), some are not.
        var steps = new List<(double Minutes, Step Step)>();
        var minutes = 0.0;
        // The demo's year of history is a desk that mostly keeps its word (SLA attainment around 90 %): nine steps in ten
        // take the quick end of the range. The benchmark seed keeps the whole range.
        void Then(double min, double max, Step step)
        {
            if (shape is not null && step is Step.Start or Step.Reply or Step.Resolve && random.Next(10) < 9)
            {
                max = min + ((max - min) / 6);
            }


            minutes += min + (random.NextDouble() * (max - min));
            steps.Add((minutes, step));
        }

        if (status != TicketStatus.New)
        {
            Then(2, 60, Step.Assign);

            if (status != TicketStatus.Assigned)
            {
                Then(1, 120, Step.Start);
                var clarifies = status == TicketStatus.WaitingForClient || (status is TicketStatus.Resolved or TicketStatus.Closed && random.Next(100) < 15);
                if (clarifies)
                {
                    Then(10, 300, Step.Ask);
                    if (status != TicketStatus.WaitingForClient)
                    {
                        Then(30, 2880, Step.ClientAnswers);
                    }
                }

                if (status is TicketStatus.Resolved or TicketStatus.Closed)
                {
                    if (!clarifies)
                    {
                        Then(10, 300, Step.Reply);
                    }

                    Then(30, 2880, Step.Resolve);
                }
                else if (status == TicketStatus.InProgress && random.Next(10) < 7)
                {
                    Then(10, 300, Step.Reply);
                }

                if (status == TicketStatus.Closed)
                {
                    Then(60, 10080, Step.Close);
                }
            }
        }

        // A recent ticket's history is squeezed into the time it has had; nothing happens after now.
        var span = (now - created).TotalMinutes;
        var scale = minutes > span ? span * (0.5 + (random.NextDouble() * 0.45)) / minutes : 1;
        var history = steps.Select(s => (At: created.AddMinutes(s.Minutes * scale), s.Step)).ToList();
        // Resolved requests nobody reopened are closed within the auto-close window (5 working days).
        if (status == TicketStatus.Resolved && now - history[^1].At > TimeSpan.FromDays(7))
        {
            history.Add((history[^1].At.AddMinutes(60 + (random.NextDouble() * 10020)), Step.Close));
        }

        var ticket = new Ticket
        {
            Number = number,
            CompanyId = combo.Company,
            ServiceId = combo.ServiceId,
            RequestTypeId = combo.TypeId,
            Subject = (shape is null ? null : DemoHistoryShape.Subject(random, combo.Code, created)) ?? string.Format(CultureInfo.InvariantCulture, Subjects[random.Next(Subjects.Length)], Counterparties[random.Next(Counterparties.Length)]),
            Description = (shape is null ? null : DemoHistoryShape.Description(combo.Code)) ?? "Сгенерировано для нагрузочного тестирования.",
            Channel = (TicketChannel)random.Next(5),
            Priority = combo.Priority,
            Status = TicketStatus.New,
            TeamId = combo.TeamId,
            AssigneeId = agent?.Id,
            RequesterId = combo.Contact.Id,
            TrackingToken = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24)),
            CreatedAt = created,
            // One save per step after the one that created it.
            Version = 1 + history.Count,
        };

        TicketEvent Event(DateTimeOffset at, TicketEventKind kind, Person? actor, bool isPublic, string data = "{}")
        {
            var e = new TicketEvent { TicketId = ticket.Id, CompanyId = ticket.CompanyId, At = at, Kind = kind, ActorId = actor?.Id, ActorName = actor?.Name, IsPublic = isPublic, Data = data };
            ticket.Events.Add(e);
            return e;
        }

        void Status(DateTimeOffset at, TicketStatus to)
        {
            var e = Event(at, TicketEventKind.StatusChanged, agent, isPublic: true);
            e.FromStatus = ticket.Status;
            e.ToStatus = to;
            ticket.Status = to;
        }

        void Message(DateTimeOffset at, MessageKind kind, Person? author, string body)
        {
            ticket.Messages.Add(new TicketMessage
            {
                TicketId = ticket.Id,
                CompanyId = ticket.CompanyId,
                Kind = kind,
                AuthorId = author?.Id,
                AuthorName = author?.Name,
                Body = body,
                CreatedAt = at,
                UpdatedAt = at,
            });
            if (kind == MessageKind.PublicReply)
            {
                Event(at, TicketEventKind.Replied, author, isPublic: true);
                ticket.FirstResponseAt ??= at;
            }
            else
            {
                Event(at, TicketEventKind.ClientReplied, author, isPublic: true);
            }
        }

        Event(created, TicketEventKind.Created, combo.Contact, isPublic: true);
        foreach (var (at, step) in history)
        {
            switch (step)
            {
                case Step.Assign:
                    Event(at, TicketEventKind.Assigned, agent, isPublic: false, $$"""{"assigneeId":"{{agent!.Id}}"}""");
                    Status(at, TicketStatus.Assigned);
                    break;
                case Step.Start:
                    Status(at, TicketStatus.InProgress);
                    break;
                case Step.Reply:
                    Message(at, MessageKind.PublicReply, agent, Replies[random.Next(Replies.Length)]);
                    break;
                case Step.Ask:
                    Message(at, MessageKind.PublicReply, agent, Questions[random.Next(Questions.Length)]);
                    Status(at, TicketStatus.WaitingForClient);
                    break;
                case Step.ClientAnswers:
                    Message(at, MessageKind.ClientMessage, combo.Contact, Answers[random.Next(Answers.Length)]);
                    Status(at, TicketStatus.InProgress);
                    break;
                case Step.Resolve:
                    Status(at, TicketStatus.Resolved);
                    ticket.ResolvedAt = at;
                    break;
                case Step.Close:
                    Status(at, TicketStatus.Closed);
                    ticket.ClosedAt = at;
                    break;
            }
        }

        ticket.LastActivityAt = ticket.UpdatedAt = history.Count > 0 ? history[^1].At : created;
        return ticket;
    }

    private static TicketStatus Pick(Random random, DateTimeOffset created, DateTimeOffset now, bool history)
    {
        // Old requests are closed; the last weeks hold the open work.
        if (now - created > TimeSpan.FromDays(30))
        {
            return TicketStatus.Closed;
        }

        // The demo's desk keeps up: beyond its first days a request is mostly done, as in a real desk's backlog.
        if (history && now - created > TimeSpan.FromDays(3) && random.Next(10) < 9)
        {
            return now - created > TimeSpan.FromDays(10) ? TicketStatus.Closed : TicketStatus.Resolved;
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
        var batch = Option(args, "--batch") ?? 5_000;
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
