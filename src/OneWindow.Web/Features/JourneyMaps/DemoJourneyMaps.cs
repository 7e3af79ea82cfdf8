namespace OneWindow.Web.Features.JourneyMaps;

/// <summary>
/// The journey-map part of the demo: the Ural Mining Company's site accountant handing in primary documents and
/// following the payment, in the accounts-payable service. Touchpoints are bound to the AP request types, the intake
/// mailbox, the yearly survey's NPS question and the company's OLA deadline for primary documents, so the map shows
/// the demo's real figures of every kind; the client's CFO has commented on a step.
/// </summary>
internal sealed class DemoJourneyMaps(AppDbContext db, TimeProvider clock) : IDemoDataSeeder
{
    // After the tickets, clocks, ratings, agreements, surveys and committees the figures read.
    public int Order => 980;

    public const string Title = "Оплата счетов поставщиков: путь бухгалтера площадки";

    public async Task SeedAsync(CancellationToken ct)
    {
        if (await db.Set<JourneyMap>().AnyAsync(ct))
        {
            return;
        }

        var service = await db.Services.Where(s => s.Code == "AP").Select(s => (Guid?)s.Id).FirstOrDefaultAsync(ct);
        var types = await db.RequestTypes.Where(r => r.Code == "PAY-INV" || r.Code == "RECON").ToDictionaryAsync(r => r.Code, r => r.Id, ct);
        var cfo = await db.Users.Where(u => u.Email == "cfo@ural-mining.demo").Select(u => new { u.Id, u.CompanyId }).FirstOrDefaultAsync(ct);
        var csm = await db.Users.Where(u => u.Email == "csm@onewindow.demo").Select(u => (Guid?)u.Id).FirstOrDefaultAsync(ct);
        if (service is not { } ap || cfo?.CompanyId is not { } company || csm is not { } csmId || !types.TryGetValue("PAY-INV", out var pay) || !types.TryGetValue("RECON", out var recon))
        {
            return;
        }

        var yearly = await db.Set<Surveys.Questionnaire>().Where(q => q.Key == "yearly").Select(q => (Guid?)q.Id).FirstOrDefaultAsync(ct);
        var ola = await db.Set<ServiceLevels.AgreementMetric>()
            .Where(m => m.CompanyId == company && m.Side == ServiceLevels.MetricSide.Ola && m.Name.StartsWith("Первичные документы"))
            .OrderByDescending(m => m.AgreementVersion!.Number).Select(m => (Guid?)m.Id).FirstOrDefaultAsync(ct);
        var map = new JourneyMap
        {
            Title = Title, ServiceId = ap, CompanyId = company, Status = JourneyMapStatus.Published,
            Persona = "Бухгалтер площадки сдаёт первичные документы и следит за оплатой",
        };
        var order = 0;
        JourneyStage Stage(string title) => new() { MapId = map.Id, Title = title, Order = order++ };
        var receive = Stage("Получение документов от поставщика");
        var submit = Stage("Передача в ЦОБ");
        var payment = Stage("Оплата");
        var reconcile = Stage("Сверка и закрытие месяца");
        map.Stages = [receive, submit, payment, reconcile];

        JourneyStep Step(JourneyStage stage, string title, string action, string touchpoint, string channel, string thoughts, int asIs, int toBe, string pains,
            string opportunities, string backstage, string code, params (TouchpointKind Kind, Guid? Id)[] bound)
        {
            var step = new JourneyStep
            {
                MapId = map.Id, StageId = stage.Id, Order = stage.Steps.Count, Title = title, ClientAction = action, Touchpoint = touchpoint, Channel = channel,
                Thoughts = thoughts, EmotionAsIs = asIs, EmotionToBe = toBe, PainPoints = pains, Opportunities = opportunities, Backstage = backstage, CodeSections = code,
            };
            step.Bindings = [.. bound.Where(t => t.Id is not null).Select(t => new TouchpointBinding { StepId = step.Id, Kind = t.Kind, TargetId = t.Id!.Value })];
            stage.Steps.Add(step);
            return step;
        }

        Step(receive, "Приёмка счёта и накладной", "Получает от поставщика счёт, ТОРГ-12 или УПД на площадке, проверяет подписи и печати",
            "Бумажные документы и ЭДО", "ЭДО, почта", "«Опять накладная без подписи кладовщика — придётся ехать на склад»", -1, 1,
            "Документы приходят с опозданием и без подписей; оригиналы теряются между складом и бухгалтерией",
            "Перевести ключевых поставщиков на ЭДО; чек-лист приёмки первичных документов", "—", "Раздел 3 «Стандарты обслуживания»");
        Step(receive, "Согласование с руководителем площадки", "Передаёт счёт руководителю площадки на согласование оплаты",
            "Внутреннее согласование клиента", "встреча, телефон", "«Пока начальник в карьере — счёт лежит»", -1, 0,
            "Согласование занимает до недели", "Электронное согласование в портале ЦОБ", "—", "Раздел 2 «Участники»");
        var send = Step(submit, "Заявка на оплату в портале", "Создаёт заявку «Оплата счёта поставщика», прикладывает скан счёта и указывает срок оплаты",
            "Портал ЦОБ: заявка «Оплата счёта поставщика»", "портал", "«Главное — успеть до срока, иначе поставщик остановит отгрузку»", 0, 1,
            "Не видно, на каком этапе заявка; непонятно, какие поля обязательны", "Подсказки в форме заявки; статус «принято к оплате» с датой",
            "Проверка комплектности, регистрация счёта в 1С, постановка в реестр платежей", "Раздел 3 «Стандарты обслуживания», раздел 4 «Этика общения»", (TouchpointKind.RequestType, pay));
        Step(submit, "Уточнения от ЦОБ", "Отвечает на вопросы бухгалтера ЦОБ по счёту, досылает недостающие документы",
            "Комментарии в заявке и письма", "портал, email", "«Почему нельзя было спросить всё сразу?»", -2, 0,
            "Вопросы приходят по одному; ответ клиента останавливает часы SLA, но клиент об этом не знает",
            "Один запрос со всеми вопросами; шаблон письма-уточнения", "Проверка документа, запрос недостающего", "Раздел 4 «Этика общения»",
            (TouchpointKind.MailChannel, TouchpointTargets.IntakeMailbox));
        Step(payment, "Оплата и уведомление", "Получает уведомление о проведённом платеже и передаёт поставщику",
            "Уведомление из портала о закрытии заявки и оценка", "email, портал", "«Оплатили — можно выдохнуть»", 1, 2,
            "Платёжное поручение приходит отдельно от уведомления", "Прикладывать платёжку к уведомлению о закрытии",
            "Формирование платёжного поручения, согласование казначейством, отправка в банк", "Раздел 3 «Стандарты обслуживания»", (TouchpointKind.RequestType, pay),
            (TouchpointKind.SurveyQuestion, yearly is { } q ? Surveys.SurveyQuestionScores.IdOf(q, "nps") : null));
        Step(reconcile, "Акт сверки с поставщиком", "Запрашивает акт сверки к закрытию квартала",
            "Портал ЦОБ: заявка «Акт сверки с контрагентом»", "портал, ЭДО", "«Сверка всегда в последний день — успеют ли?»", 0, 1,
            "Расхождения находятся в последний день закрытия", "Ежемесячная автоматическая сверка по ключевым поставщикам",
            "Формирование акта в 1С, отправка по ЭДО, разбор расхождений", "Раздел 5 «Закрытие периода»", (TouchpointKind.RequestType, recon));
        Step(reconcile, "Закрытие месяца на площадке", "Подтверждает, что все документы месяца переданы",
            "Ежемесячное письмо-напоминание ЦОБ", "email", "«Опять список недостающих документов на три страницы»", -1, 1,
            "Список недостающих документов приходит поздно", "Еженедельный дайджест недостающих документов", "Контроль полноты первички по площадке",
            "Раздел 5 «Закрытие периода»", (TouchpointKind.OlaMetric, ola));

        db.Add(map);
        await db.SaveChangesAsync(ct);

        var now = clock.GetUtcNow();
        db.AddRange(
            new JourneyComment
            {
                MapId = map.Id, StepId = send.Id, AuthorId = cfo.Id, IsProposal = true, CreatedAt = now.AddDays(-3),
                Text = "Предлагаю добавить в заявку поле «Код площадки»: сейчас мы теряем время, разбираясь, к какой площадке относится счёт. "
                    + "И хотелось бы видеть в портале дату планируемой оплаты.",
            },
            new JourneyComment
            {
                MapId = map.Id, StepId = send.Id, AuthorId = csmId, CreatedAt = now.AddDays(-2),
                Text = "Наталья, спасибо! Поле «Код площадки» вынесем на ближайший комитет по качеству; дату планируемой оплаты покажем после включения реестра платежей.",
            });
        await db.SaveChangesAsync(ct);
    }
}
