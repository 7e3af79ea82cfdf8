namespace OneWindow.Web.Features.Documents;

/// <summary>
/// The documents part of the demo: «Кодекс клиентоориентированности ЦОБ», version 1 published a month ago and
/// acknowledged by every person of its audience (so no demo sign-in is stopped by the acknowledgement prompt), and
/// version 2 under review by the quality manager and the Ural Mining Company's CFO, with the CFO's comment.
/// </summary>
internal sealed class DemoDocuments(AppDbContext db, TimeProvider clock) : IDemoDataSeeder
{
    // Last: the acknowledgements cover every person the earlier seeders created.
    public int Order => 960;

    public const string Title = "Кодекс клиентоориентированности ЦОБ";

    public async Task SeedAsync(CancellationToken ct)
    {
        if (await db.Set<Document>().AnyAsync(ct))
        {
            return;
        }

        var people = await db.Users.Where(u => u.Email != null && u.IsActive).ToDictionaryAsync(u => u.Email!, u => u.Id, ct);
        if (!people.TryGetValue("quality@onewindow.demo", out var quality) || !people.TryGetValue("cfo@ural-mining.demo", out var cfo))
        {
            return;
        }

        var now = clock.GetUtcNow();
        var document = new Document { Kind = DocumentKind.Code, TitleRu = Title, TitleEn = "SSC customer-centricity code", CreatedAt = now.AddDays(-40) };
        var published = new DocumentVersion
        {
            DocumentId = document.Id, Number = 1, Text = CodeV1, Status = DocumentVersionStatus.Published, ChangeNote = "Первая редакция, утверждена комитетом по качеству.",
            PublishedAt = now.AddDays(-30), PublishedById = quality,
        };
        var draft = new DocumentVersion
        {
            DocumentId = document.Id, Number = 2, Status = DocumentVersionStatus.Review,
            Text = CodeV1.Replace("- обычный запрос — в течение 1 рабочего дня;", "- обычный запрос — в течение 4 рабочих часов;", StringComparison.Ordinal)
                + "\n\n## 7. Обратная связь\n\nПосле закрытия обращения заказчик может оценить ответ. Оценки 1–2 разбирает руководитель группы в течение 2 рабочих дней и сообщает заказчику, что изменено.\n",
            ChangeNote = "Срок первого ответа сокращён до 4 рабочих часов; добавлен раздел об обратной связи.",
        };
        draft.Reviewers.Add(new DocumentReviewer { VersionId = draft.Id, UserId = quality });
        draft.Reviewers.Add(new DocumentReviewer { VersionId = draft.Id, UserId = cfo });
        document.Versions.AddRange([published, draft]);
        db.Set<Document>().Add(document);
        db.Set<DocumentComment>().Add(new DocumentComment
        {
            VersionId = draft.Id, AuthorId = cfo,
            Text = "Поддерживаем сокращение срока первого ответа. Просим добавить в раздел о стабилизации еженедельный созвон с нашим главным бухгалтером в первый месяц после перехода.",
        });

        // Everyone of the audience has read version 1: a demo sign-in opens the page, not the prompt.
        var audience = await DocumentDesk.Audience(db, document).Select(u => u.Id).ToListAsync(ct);
        foreach (var person in audience)
        {
            db.Set<DocumentAcknowledgement>().Add(new DocumentAcknowledgement { VersionId = published.Id, UserId = person, At = now.AddDays(-29) });
        }

        await db.SaveChangesAsync(ct);
    }

    internal const string CodeV1 = """
        # Кодекс клиентоориентированности ЦОБ

        Кодекс описывает, как Центр обслуживания бизнеса (ЦОБ) работает с предприятиями группы — нашими заказчиками — на каждом этапе отношений: кто участвует с обеих сторон, как мы себя ведём, как общаемся и какие стандарты сервиса соблюдаем. Кодекс обязателен для каждого сотрудника ЦОБ.

        ## 1. Принципы

        1. **Заказчик — партнёр.** Мы решаем задачу бизнеса, а не закрываем обращение.
        2. **Прозрачность.** Заказчик всегда знает, на каком этапе его запрос, кто им занимается и когда будет результат.
        3. **Ответственность.** Кто принял обращение, тот ведёт его до конца или передаёт с явной договорённостью.
        4. **Уважение.** Мы не спорим о том, «чья это ошибка», — мы исправляем и устраняем причину.

        ## 2. Этапы отношений

        ### 2.1. Переход функции в ЦОБ

        | Участник | Сторона | Роль |
        | --- | --- | --- |
        | Финансовый директор предприятия | Заказчик | Утверждает объём и график перехода |
        | Главный бухгалтер предприятия | Заказчик | Передаёт процессы, документы и доступы |
        | Руководитель направления ЦОБ (Delivery Lead) | ЦОБ | Отвечает за перенос и готовность команды |
        | Клиентский менеджер (CSM) | ЦОБ | Единая точка входа для заказчика |

        Ожидаемое поведение ЦОБ:

        - согласовать с заказчиком карту процессов и перечень документов до начала переноса;
        - проводить еженедельную встречу по статусу перехода и рассылать протокол в течение 1 рабочего дня;
        - не менять порядок работы заказчика без предупреждения за 10 рабочих дней.

        ### 2.2. Стабилизация

        Первые три месяца после переноса. Участники — те же, плюс руководитель группы ЦОБ, ведущий процесс.

        - ежедневно разбираем просроченные обращения и сообщаем заказчику о причинах;
        - каждую жалобу разбирает руководитель группы лично;
        - ежемесячно проводим комитет по качеству с финансовым директором предприятия.

        ### 2.3. Стабильная работа

        - работаем по соглашению об уровне сервиса (SLA) и публикуем отчёт о его выполнении ежемесячно;
        - предлагаем улучшения процессов не реже раза в квартал;
        - заранее сообщаем о плановых изменениях, затрагивающих заказчика.

        ## 3. Участники с обеих сторон

        **Со стороны заказчика:** финансовый директор (владелец отношений), главный бухгалтер, ответственные сотрудники подразделений.

        **Со стороны ЦОБ:** клиентский менеджер, руководитель направления, руководители групп, специалисты, менеджер по качеству.

        ## 4. Этика общения

        - Обращаемся по имени и отчеству, если заказчик не предложил иначе.
        - Пишем простым языком, без внутреннего жаргона и сокращений ЦОБ.
        - Не пересылаем заказчику внутреннюю переписку и не обсуждаем коллег.
        - Признаём ошибку первыми и сразу сообщаем, что делаем для исправления.
        - Не обещаем того, что не можем выполнить; если срок под угрозой — предупреждаем заранее.

        ## 5. Стандарты сервиса

        ### 5.1. Тон ответа

        Вежливый, спокойный и конкретный: что сделано, что будет сделано и когда. Каждый ответ заканчивается понятным следующим шагом.

        ### 5.2. Каналы

        - портал «Одно окно» — основной канал для всех обращений;
        - электронная почта — обращения регистрируются автоматически;
        - телефон горячей линии — для срочных вопросов, с последующей регистрацией обращения.

        ### 5.3. Часы работы

        С 9:00 до 18:00 по местному времени заказчика в рабочие дни по производственному календарю. В период закрытия месяца (последние 3 и первые 5 рабочих дней) — до 20:00.

        ### 5.4. Сроки первого ответа

        - срочный запрос — в течение 1 рабочего часа;
        - обычный запрос — в течение 1 рабочего дня;
        - консультация — в течение 2 рабочих дней.

        ## 6. Ответственность

        Нарушения кодекса разбираются руководителем группы и менеджером по качеству. Результаты разбора учитываются при оценке работы сотрудника.
        """;
}
