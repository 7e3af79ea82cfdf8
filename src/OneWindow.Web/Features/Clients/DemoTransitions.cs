namespace OneWindow.Web.Features.Clients;

/// <summary>
/// The demo's transition lifecycle: checklist templates an SSC would keep, the stage history of every company service
/// (long-stable ones since before 2024), «Дальневосточная логистика» treasury payments in transfer with part of the
/// checklist ticked, and «Северная верфь» services in stabilisation with their transfer signed off on both sides.
/// </summary>
internal sealed class DemoTransitions(AppDbContext db, TimeProvider clock) : IDemoDataSeeder
{
    public int Order => 50;

    private static readonly (ServiceStage Stage, string Ru, string En)[] Checklist =
    [
        (ServiceStage.Planned, "Согласован перечень передаваемых операций и границы процесса", "Scope of the operations handed over and the process boundaries agreed"),
        (ServiceStage.Planned, "Назначены ответственные с обеих сторон: руководитель внедрения, CSM, ключевой пользователь клиента", "Owners named on both sides: delivery lead, CSM, the client's key user"),
        (ServiceStage.Planned, "Утверждён план перехода с контрольными датами", "Transition plan with milestones approved"),
        (ServiceStage.Transition, "Подписан регламент взаимодействия", "Interaction procedure signed"),
        (ServiceStage.Transition, "Предоставлены доступы к учётной системе и банк-клиенту", "Access to the accounting system and online banking granted"),
        (ServiceStage.Transition, "Проведено обучение сотрудников ОЦО по процессу клиента", "SSC staff trained on the client's process"),
        (ServiceStage.Transition, "Переданы документы и остатки на дату перехода", "Documents and balances as of the transfer date handed over"),
        (ServiceStage.Transition, "Проведён параллельный прогон за один отчётный период", "Parallel run over one reporting period completed"),
        (ServiceStage.Stabilisation, "Закрыты инциденты переходного периода", "Transition-period incidents closed"),
        (ServiceStage.Stabilisation, "Показатели SLA выполняются два месяца подряд", "SLA targets met two months running"),
        (ServiceStage.Stabilisation, "Проведена приёмка SLA с клиентом", "SLA acceptance with the client held"),
        (ServiceStage.Stabilisation, "Актуализированы рабочие инструкции и база знаний", "Work instructions and knowledge base updated"),
    ];

    public async Task SeedAsync(CancellationToken ct)
    {
        var templates = Checklist.Select((c, i) => new TransitionChecklistTemplate { Stage = c.Stage, Text = c.Ru, TextEn = c.En, Order = (i + 1) * 10 }).ToList();
        db.Set<TransitionChecklistTemplate>().AddRange(templates);

        var links = await db.ClientServices.Include(s => s.Company).Include(s => s.Service).ToListAsync(ct);
        var people = await db.Users.Where(u => u.Email != null).ToDictionaryAsync(u => u.Email!, ct);
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        var admin = people["admin@onewindow.demo"];
        var dl = people["dl@onewindow.demo"];

        foreach (var link in links)
        {
            // Planned, transfer, stabilisation and stable start dates: long-stable services moved before the demo's 2024.
            DateOnly[] dates = link.Stage switch
            {
                ServiceStage.Transition => [today.AddDays(-75), today.AddDays(-30)],
                ServiceStage.Stabilisation => [today.AddDays(-200), today.AddDays(-150), today.AddDays(-45)],
                _ => [new(2023, 6, 1), new(2023, 9, 1), new(2023, 11, 1), new(2024, 1, 1)],
            };
            var executive = people.Values.FirstOrDefault(u => u.CompanyId == link.CompanyId && u.JobTitle == "Финансовый директор")
                ?? people.Values.FirstOrDefault(u => u.CompanyId == link.CompanyId);
            ServiceStage? from = null;
            for (var i = 0; i < dates.Length; i++)
            {
                var stage = TransitionRules.Lifecycle[i];
                var at = new DateTimeOffset(dates[i].ToDateTime(new TimeOnly(10, 0)), TimeSpan.Zero);
                db.Set<TransitionStageChange>().Add(new TransitionStageChange
                {
                    CompanyId = link.CompanyId, ClientServiceId = link.Id, FromStage = from, ToStage = stage, StartedOn = dates[i], ChangedAt = at,
                    ChangedById = admin.Id, ChangedByName = admin.FullName,
                });
                from = stage;
                var passed = i < dates.Length - 1;
                // Every stage already left had its checklist done and, where needed, both sign-offs.
                var stageTemplates = templates.Where(t => t.Stage == stage).ToList();
                var ticked = passed ? stageTemplates : stage == ServiceStage.Transition ? stageTemplates.Take(3).ToList() : [];
                foreach (var t in ticked)
                {
                    db.Set<TransitionChecklistTick>().Add(new TransitionChecklistTick
                    {
                        CompanyId = link.CompanyId, ClientServiceId = link.Id, TemplateId = t.Id, TickedAt = at.AddDays(7), TickedById = dl.Id, TickedByName = dl.FullName,
                    });
                }

                if (passed && TransitionRules.NeedsSignOffs(stage))
                {
                    var signedAt = new DateTimeOffset(dates[i + 1].ToDateTime(new TimeOnly(9, 0)), TimeSpan.Zero);
                    db.Set<TransitionSignOff>().Add(new TransitionSignOff
                    {
                        CompanyId = link.CompanyId, ClientServiceId = link.Id, Stage = stage, Side = SignOffSide.Ssc, SignerId = dl.Id, SignerName = dl.FullName,
                        SignerTitle = dl.JobTitle, SignedAt = signedAt, RecordedByName = dl.FullName,
                    });
                    if (executive is not null)
                    {
                        db.Set<TransitionSignOff>().Add(new TransitionSignOff
                        {
                            CompanyId = link.CompanyId, ClientServiceId = link.Id, Stage = stage, Side = SignOffSide.Client, SignerId = executive.Id,
                            SignerName = executive.FullName, SignerTitle = executive.JobTitle, SignedAt = signedAt, RecordedByName = admin.FullName,
                        });
                    }
                }
            }
        }

        await db.SaveChangesAsync(ct);
    }
}
