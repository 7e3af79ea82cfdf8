namespace OneWindow.Web.Features.Tickets;

/// <summary>Demo requests, after the directory and the agreements, so their clocks run from the start.</summary>
internal sealed class DemoTickets(AppDbContext db, TimeProvider clock) : IDemoDataSeeder
{
    public int Order => 300;

    /// <summary>A handful of requests in every state, so the desk, the portal and the timeline have something to show.</summary>
    public async Task SeedAsync(CancellationToken ct)
    {
        await RoutingRulesAsync(ct);
        var now = clock.GetUtcNow();
        var people = await db.Users.ToDictionaryAsync(u => u.Email!, ct);
        var types = await db.RequestTypes.ToDictionaryAsync(t => t.Code, ct);
        var seq = 0;

        void Add(string code, string requester, string subject, string description, TicketChannel channel, double hoursAgo, string? assignee,
            TicketStatus[] path, params (string Who, MessageKind Kind, string Text)[] messages)
        {
            var type = types[code];
            var client = people[requester];
            var created = now.AddHours(-hoursAgo);
            var ticket = new Ticket
            {
                Number = TicketNumber.Format(TicketNumber.DefaultPrefix, now.Year, ++seq),
                CompanyId = client.CompanyId!.Value,
                ServiceId = type.ServiceId,
                RequestTypeId = type.Id,
                Subject = subject,
                Description = description,
                Channel = channel,
                Priority = type.DefaultPriority,
                TeamId = type.TeamId,
                AssigneeId = assignee is null ? null : people[assignee].Id,
                RequesterId = client.Id,
                Status = path[^1],
                TrackingToken = Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(24)),
                CreatedAt = created,
                LastActivityAt = created.AddHours(hoursAgo / 2),
            };
            var at = created;
            TicketEvent Ev(TicketEventKind kind, bool isPublic, string? actor) => new()
            {
                TicketId = ticket.Id, CompanyId = ticket.CompanyId, At = at, Kind = kind, IsPublic = isPublic,
                ActorId = actor is null ? null : people[actor].Id, ActorName = actor is null ? null : people[actor].FullName,
            };
            ticket.Events.Add(Ev(TicketEventKind.Created, true, channel == TicketChannel.Phone ? "agent@onewindow.demo" : requester));
            var previous = TicketStatus.New;
            foreach (var status in path.Where(p => p != TicketStatus.New))
            {
                at = at.AddMinutes(hoursAgo * 60 / (path.Length + messages.Length + 1));
                var e = Ev(TicketEventKind.StatusChanged, true, assignee);
                e.FromStatus = previous;
                e.ToStatus = status;
                ticket.Events.Add(e);
                previous = status;
                if (status == TicketStatus.Resolved)
                {
                    ticket.ResolvedAt = at;
                }

                if (status == TicketStatus.Closed)
                {
                    ticket.ClosedAt = at;
                }
            }

            foreach (var (who, kind, text) in messages)
            {
                at = at.AddMinutes(7);
                ticket.Messages.Add(new TicketMessage
                {
                    TicketId = ticket.Id, CompanyId = ticket.CompanyId, Kind = kind, AuthorId = people[who].Id, AuthorName = people[who].FullName, Body = text, CreatedAt = at,
                    CallAt = kind == MessageKind.PhoneCall ? at : null, CallWith = kind == MessageKind.PhoneCall ? client.FullName : null,
                });
                ticket.FirstResponseAt ??= kind is MessageKind.PublicReply or MessageKind.PhoneCall ? at : null;
            }

            db.Tickets.Add(ticket);
        }

        Add("PAY-INV", "user@ural-mining.demo", "Оплата счёта АО «Уралстальмонтаж» № 1042", "Прошу оплатить счёт за монтаж металлоконструкций до пятницы.",
            TicketChannel.Portal, 26, "ap1@onewindow.demo", [TicketStatus.Assigned, TicketStatus.InProgress]);
        Add("NDFL", "user@ural-mining.demo", "Справка 2-НДФЛ для Петровой А. В.", "Нужна справка о доходах для банка.",
            TicketChannel.Portal, 50, "agent2@onewindow.demo", [TicketStatus.Assigned, TicketStatus.InProgress, TicketStatus.WaitingForClient],
            ("agent2@onewindow.demo", MessageKind.PublicReply, "Уточните, пожалуйста, за какой год нужна справка."));
        Add("PURCHASE", "user@sib-agro.demo", "Закупка картриджей для офиса в Новосибирске", "Нужно 20 картриджей HP 59A до конца месяца.",
            TicketChannel.Portal, 3, null, [TicketStatus.New]);
        Add("URGENT-PAY", "user@dv-logistics.demo", "Срочный платёж таможне", "Оплатить таможенный сбор сегодня, иначе простой контейнеров.",
            TicketChannel.Portal, 30, "trs1@onewindow.demo", [TicketStatus.Assigned, TicketStatus.InProgress, TicketStatus.Resolved],
            ("trs1@onewindow.demo", MessageKind.PublicReply, "Платёж проведён, платёжное поручение № 512 во вложении к письму."));
        Add("HIRE", "user@volga-energo.demo", "Оформление приёма: Зайцева М. И.", "Выход 1 декабря, инженер-энергетик.",
            TicketChannel.Portal, 8, null, [TicketStatus.New]);
        Add("REPORT", "user@nord-shipyard.demo", "Отчёт для банка за 9 месяцев", "Банк запросил управленческую отчётность за 9 месяцев.",
            TicketChannel.Portal, 240, "teamlead@onewindow.demo", [TicketStatus.Assigned, TicketStatus.InProgress, TicketStatus.Resolved, TicketStatus.Closed],
            ("teamlead@onewindow.demo", MessageKind.PublicReply, "Отчёт направлен на вашу почту."));
        Add("RECON", "cfo@ural-mining.demo", "Акт сверки с ООО «Северный поток» на 30.09", "Контрагент просит акт сверки.",
            TicketChannel.Portal, 400, "ap2@onewindow.demo", [TicketStatus.Assigned, TicketStatus.InProgress, TicketStatus.Resolved, TicketStatus.Closed],
            ("ap2@onewindow.demo", MessageKind.PublicReply, "Акт сверки подписан с нашей стороны и отправлен контрагенту."));
        Add("CLOSE-Q", "user@ural-mining.demo", "Звонок: сроки закрытия октября", "Клиент позвонил в службу клиентского сервиса.",
            TicketChannel.Phone, 72, "agent@onewindow.demo", [TicketStatus.Assigned, TicketStatus.InProgress, TicketStatus.Resolved],
            ("agent@onewindow.demo", MessageKind.PhoneCall, "Объяснил, что октябрь закрывается 5 ноября по регламенту."),
            ("agent@onewindow.demo", MessageKind.InternalNote, "Клиент просит заранее предупреждать о сдвиге сроков."));
        db.TicketSequences.Add(new TicketSequence { Year = now.Year, Next = seq + 1 });
        db.CannedResponses.Add(new CannedResponse
        {
            Title = "Запрос уточнения",
            Body = "{{ requester.name }}, добрый день!\nЧтобы выполнить запрос {{ ticket.number }}, уточните, пожалуйста: …\n\nС уважением,\n{{ agent.name }}",
        });
        db.CannedResponses.Add(new CannedResponse
        {
            Title = "Платёж проведён",
            Body = "{{ requester.name }}, платёж по запросу {{ ticket.number }} проведён. Платёжное поручение во вложении.\n\n{{ agent.name }}",
            TeamId = types["URGENT-PAY"].TeamId,
        });
        await db.SaveChangesAsync(ct);
    }

    /// <summary>Urgent payments go to treasury; VAT questions are tagged for the accountants.</summary>
    private async Task RoutingRulesAsync(CancellationToken ct)
    {
        var treasury = await db.Teams.Where(t => t.Department!.Code == "TRS" && t.NameEn == "Payments").Select(t => t.Id).FirstAsync(ct);
        db.RoutingRules.Add(new TicketRoutingRule
        {
            Name = "Срочные платежи — в казначейство",
            Order = 10,
            Conditions = System.Text.Json.JsonSerializer.Serialize(new RoutingConditions(Keywords: ["срочн"]), TicketRouting.Json),
            Actions = System.Text.Json.JsonSerializer.Serialize(new RoutingActions(TeamId: treasury, Priority: TicketPriority.High, Tags: ["urgent"]), TicketRouting.Json),
        });
        db.RoutingRules.Add(new TicketRoutingRule
        {
            Name = "Вопросы по НДС",
            Order = 20,
            StopProcessing = false,
            Conditions = System.Text.Json.JsonSerializer.Serialize(new RoutingConditions(Keywords: ["ндс", "счёт-фактур", "счет-фактур"]), TicketRouting.Json),
            Actions = System.Text.Json.JsonSerializer.Serialize(new RoutingActions(Tags: ["vat"]), TicketRouting.Json),
        });
        await db.SaveChangesAsync(ct);
    }
}
