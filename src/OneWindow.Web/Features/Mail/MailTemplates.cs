using System.Collections.Concurrent;
using System.Text.Encodings.Web;
using Fluid;

namespace OneWindow.Web.Features.Mail;

/// <summary>The email templates there are, by the key <see cref="Mailer.QueueAsync"/> takes and the admin page edits.</summary>
[FeatureSeam]
public static class MailTemplateKeys
{
    /// <summary>An SSC reply to a ticket, emailed to the requester and copied colleagues; model <see cref="ReplyModel"/>.</summary>
    public const string Reply = "reply";
    /// <summary>The complaint loop's message to the client: what was done, and the link where they say whether that is enough; model <see cref="WhatWeDidModel"/>.</summary>
    public const string WhatWeDid = "what-we-did";
    /// <summary>The acknowledgement of a new ticket, emailed to the requester with its number; model <see cref="ReceivedModel"/>.</summary>
    public const string Received = "received";
    /// <summary>The one-time link that counts a rating given from a signature link without signing in; model <see cref="RatingConfirmationModel"/>.</summary>
    public const string RatingConfirmation = "rating-confirmation";
    /// <summary>A relationship survey's invitation or reminder with the person's own link; model <see cref="SurveyInvitationModel"/>.</summary>
    public const string SurveyInvitation = "survey-invitation";
    /// <summary>A delivery of the client's interaction menu (a report with its file, a meeting invitation); model <see cref="InteractionDeliveryModel"/>.</summary>
    public const string InteractionDelivery = "interaction-delivery";
    /// <summary>A reminder to the client side (the requester, the company's executive) that the SSC waits for them; model <see cref="ClientReminderModel"/>.</summary>
    public const string ClientReminder = "client-reminder";
    /// <summary>A reminder to the client company of an OLA deadline falling due or passed; model <see cref="ObligationReminderModel"/>.</summary>
    public const string ObligationReminder = "obligation-reminder";
    /// <summary>A reminder to a committee action item's owner before the due date or once overdue; model <see cref="ActionItemReminderModel"/>.</summary>
    public const string ActionItemReminder = "action-item-reminder";
    /// <summary>A committee's approved minutes to its members, the DOCX attached; model <see cref="CommitteeMinutesModel"/>.</summary>
    public const string CommitteeMinutes = "committee-minutes";
    /// <summary>A quality committee meeting's invitation, change or cancellation with its iCalendar file; model <see cref="CommitteeInvitationModel"/>.</summary>
    public const string CommitteeInvitation = "committee-invitation";
    /// <summary>A reminder to read and acknowledge a published code or regulation; model <see cref="DocumentReminderModel"/>.</summary>
    public const string DocumentReminder = "document-reminder";
    public static readonly IReadOnlyList<string> All = [Reply, WhatWeDid, Received, RatingConfirmation, SurveyInvitation, InteractionDelivery, ClientReminder, ObligationReminder,
        ActionItemReminder, CommitteeMinutes, CommitteeInvitation, DocumentReminder];
}

/// <summary>What a reply email says, before rendering.</summary>
[FeatureSeam]
public sealed record ReplyModel(string Number, string Subject, string RecipientName, string Body, string? AuthorName)
{
    /// <summary>What other features add for this recipient (<see cref="IReplyMailBlock"/>: the rating links), in HTML and plain text; the templates place it as rating_html and rating_text.</summary>
    public string? RatingHtml { get; init; }
    public string? RatingText { get; init; }
}

/// <summary>What the complaint loop's "what we did" email says, before rendering; the names are empty when the case is not about one.</summary>
[FeatureSeam]
public sealed record WhatWeDidModel(string Number, string ClientName, string Employee, string Team, string Service, string Message, string Link)
{
    /// <summary>Whom or what the grade was about: the employee, else the team, else the service.</summary>
    public string About => new[] { Employee, Team, Service }.FirstOrDefault(x => x.Length > 0) ?? "";
}

/// <summary>What the acknowledgement of a new ticket says, before rendering.</summary>
[FeatureSeam]
public sealed record ReceivedModel(string Number, string Subject, string RecipientName, string RequestType, string Description);

/// <summary>What the email confirming a rating says: whom it grades, the grade and its word, and the one-time link that counts it.</summary>
[FeatureSeam]
public sealed record RatingConfirmationModel(string RecipientName, string Employee, int Grade, int Scale, string GradeLabel, string Link, int Hours);

/// <summary>What a survey invitation (or, with <see cref="Reminder"/>, its reminder) says: the survey, the person's link, the last day.</summary>
[FeatureSeam]
public sealed record SurveyInvitationModel(string RecipientName, string Survey, string Link, string Closes, bool Anonymous, bool Reminder);

/// <summary>What an interaction-menu email says: the item, the company, the period or meeting date, and whether a file is attached.</summary>
[FeatureSeam]
public sealed record InteractionDeliveryModel(string RecipientName, string Company, string Item, string Period, bool Meeting, string? Attachment, bool Cancelled = false);
/// <summary>
/// What a client reminder says: the ticket, what the SSC waits for (the obligation's name), how much of the agreed time is
/// used, whether it has run out, and the ticket's link.
/// </summary>
[FeatureSeam]
public sealed record ClientReminderModel(string RecipientName, string Number, string Subject, string Obligation, int Percent, bool Overdue, string Link);

/// <summary>
/// What an OLA obligation reminder says: the company, what it owes (the deadline's name) for which period, when it is due
/// (already formatted in the company's zone), whether that has passed, and where to see it.
/// </summary>
[FeatureSeam]
public sealed record ObligationReminderModel(string RecipientName, string Company, string Obligation, string Period, string Due, bool Late, string Link);

/// <summary>What an action item reminder says: the committee, the item, its due date (formatted in the owner's language), whether it is overdue, and the portal's link.</summary>
[FeatureSeam]
public sealed record ActionItemReminderModel(string RecipientName, string Committee, string Title, string Due, bool Overdue, string Link);

/// <summary>What the approved minutes' email says: the committee, the minutes' number and date, and where to read them.</summary>
[FeatureSeam]
public sealed record CommitteeMinutesModel(string RecipientName, string Committee, int Number, string Date, string Link);

/// <summary>
/// What a committee meeting's invitation says: the committee, the meeting's number, when (formatted in the committee's
/// zone), where and the online link; whether it is a change of a meeting already sent, or its cancellation.
/// </summary>
[FeatureSeam]
public sealed record CommitteeInvitationModel(string RecipientName, string Committee, int Number, string When, string? Place, string? Link, bool Changed, bool Cancelled);

/// <summary>What a reminder to read a code or regulation says: its title (in the reader's language), version number, publication date (formatted) and its page.</summary>
[FeatureSeam]
public sealed record DocumentReminderModel(string RecipientName, string Title, int Number, string Published, string Link);

public sealed record RenderedEmail(string Subject, string Text, string Html);

/// <summary>The three parts of an email template, in Liquid.</summary>
public sealed record MailTemplateSource(string Subject, string Text, string Html);

/// <summary>
/// Liquid (Fluid) templates of the emails, in Russian and English, chosen by the recipient's culture. The defaults
/// live here in code; an administrator's edited version (MailTemplateOverride) takes their place.
/// </summary>
public sealed class MailTemplates
{
    public static readonly IReadOnlyList<string> Cultures = ["ru", "en"];

    // Why a template is refused (MailDeskText shows them in the admin's language).
    internal const string ParseError = "The template does not parse: ";
    internal const string SubjectNeedsNumber = "The subject must contain {{ number }}: replies find their ticket by it.";
    internal const string EmailNeedsLink = "The email must contain {{ link }}: the client answers on the feedback page.";
    internal const string SurveyNeedsLink = "The email must contain {{ link }}: the survey is answered only through the person's own link.";
    internal const string ConfirmationNeedsLink = "The email must contain {{ link }}: the rating counts only once it is followed.";

    private sealed record Template(string Subject, string Text, string Html);

    private static readonly Dictionary<string, Template> Reply = new(StringComparer.OrdinalIgnoreCase)
    {
        ["ru"] = new(
            "[{{ number }}] {{ subject }}",
            """
            Здравствуйте, {{ name }}!

            {{ body }}

            {% if author %}{{ author }}, {% endif %}единое окно ОЦО
            {% if rating_text %}
            {{ rating_text }}{% endif %}
            --
            Обращение {{ number }}: {{ subject }}
            Чтобы ответить, ответьте на это письмо, не меняя номер в теме.
            """,
            """
            <p>Здравствуйте, {{ name }}!</p>
            <p>{{ body_html | raw }}</p>
            <p>{% if author %}{{ author }}, {% endif %}единое окно ОЦО</p>
            {{ rating_html | raw }}
            <hr><p style="color:#666">Обращение {{ number }}: {{ subject }}<br>Чтобы ответить, ответьте на это письмо, не меняя номер в теме.</p>
            """),
        ["en"] = new(
            "[{{ number }}] {{ subject }}",
            """
            Hello {{ name }},

            {{ body }}

            {% if author %}{{ author }}, {% endif %}the shared service centre's single window
            {% if rating_text %}
            {{ rating_text }}{% endif %}
            --
            Request {{ number }}: {{ subject }}
            To answer, reply to this email and keep the number in the subject.
            """,
            """
            <p>Hello {{ name }},</p>
            <p>{{ body_html | raw }}</p>
            <p>{% if author %}{{ author }}, {% endif %}the shared service centre's single window</p>
            {{ rating_html | raw }}
            <hr><p style="color:#666">Request {{ number }}: {{ subject }}<br>To answer, reply to this email and keep the number in the subject.</p>
            """),
    };

    private static readonly Dictionary<string, Template> WhatWeDid = new(StringComparer.OrdinalIgnoreCase)
    {
        ["ru"] = new(
            "[{{ number }}] Что мы сделали по вашему отзыву",
            """
            Здравствуйте, {{ name }}!

            Спасибо за ваш отзыв{% if about %} ({{ about }}){% endif %}. Мы разобрались, и вот что сделали:

            {{ message }}

            Пожалуйста, сообщите, устраивает ли вас результат, на странице отзыва:
            {{ link }}

            Единое окно ОЦО
            --
            Отзыв {{ number }}
            """,
            """
            <p>Здравствуйте, {{ name }}!</p>
            <p>Спасибо за ваш отзыв{% if about %} ({{ about }}){% endif %}. Мы разобрались, и вот что сделали:</p>
            <blockquote style="border-left:3px solid #ccc;margin:0;padding-left:12px">{{ message_html | raw }}</blockquote>
            <p><a href="{{ link }}">Сообщите, устраивает ли вас результат</a></p>
            <p>Единое окно ОЦО</p>
            <hr><p style="color:#666">Отзыв {{ number }}</p>
            """),
        ["en"] = new(
            "[{{ number }}] What we did about your feedback",
            """
            Hello {{ name }},

            Thank you for your feedback{% if about %} ({{ about }}){% endif %}. We looked into it, and here is what we did:

            {{ message }}

            Please tell us whether you are satisfied with the result on the feedback page:
            {{ link }}

            The shared service centre's single window
            --
            Feedback {{ number }}
            """,
            """
            <p>Hello {{ name }},</p>
            <p>Thank you for your feedback{% if about %} ({{ about }}){% endif %}. We looked into it, and here is what we did:</p>
            <blockquote style="border-left:3px solid #ccc;margin:0;padding-left:12px">{{ message_html | raw }}</blockquote>
            <p><a href="{{ link }}">Tell us whether you are satisfied</a></p>
            <p>The shared service centre's single window</p>
            <hr><p style="color:#666">Feedback {{ number }}</p>
            """),
    };

    private static readonly Dictionary<string, Template> Received = new(StringComparer.OrdinalIgnoreCase)
    {
        ["ru"] = new(
            "[{{ number }}] Обращение зарегистрировано: {{ subject }}",
            """
            Здравствуйте, {{ name }}!

            Ваше обращение зарегистрировано под номером {{ number }} ({{ request_type }}) и передано в работу.
            Мы сообщим, когда будет результат. Чтобы дополнить обращение, ответьте на это письмо, не меняя номер в теме.

            Единое окно ОЦО
            --
            Обращение {{ number }}: {{ subject }}
            {{ description }}
            """,
            """
            <p>Здравствуйте, {{ name }}!</p>
            <p>Ваше обращение зарегистрировано под номером <b>{{ number }}</b> ({{ request_type }}) и передано в работу.
            Мы сообщим, когда будет результат. Чтобы дополнить обращение, ответьте на это письмо, не меняя номер в теме.</p>
            <p>Единое окно ОЦО</p>
            <hr><p style="color:#666">Обращение {{ number }}: {{ subject }}<br>{{ description_html | raw }}</p>
            """),
        ["en"] = new(
            "[{{ number }}] Request received: {{ subject }}",
            """
            Hello {{ name }},

            Your request is registered as {{ number }} ({{ request_type }}) and is being worked on.
            We will let you know when there is a result. To add details, reply to this email and keep the number in the subject.

            The shared service centre's single window
            --
            Request {{ number }}: {{ subject }}
            {{ description }}
            """,
            """
            <p>Hello {{ name }},</p>
            <p>Your request is registered as <b>{{ number }}</b> ({{ request_type }}) and is being worked on.
            We will let you know when there is a result. To add details, reply to this email and keep the number in the subject.</p>
            <p>The shared service centre's single window</p>
            <hr><p style="color:#666">Request {{ number }}: {{ subject }}<br>{{ description_html | raw }}</p>
            """),
    };

    private static readonly Dictionary<string, Template> RatingConfirmation = new(StringComparer.OrdinalIgnoreCase)
    {
        ["ru"] = new(
            "Подтвердите оценку работы: {{ employee }}",
            """
            Здравствуйте, {{ name }}!

            На странице оценки, указав ваш адрес, оценили работу сотрудника ОЦО {{ employee }}: {{ grade }} из {{ scale }} ({{ grade_label }}).
            Оценка будет учтена, только когда вы подтвердите её по этой ссылке (она действует {{ hours }} ч и срабатывает один раз):
            {{ link }}

            Если вы не ставили эту оценку, ничего не делайте: без подтверждения она не учитывается.

            Единое окно ОЦО
            """,
            """
            <p>Здравствуйте, {{ name }}!</p>
            <p>На странице оценки, указав ваш адрес, оценили работу сотрудника ОЦО {{ employee }}: <b>{{ grade }} из {{ scale }} ({{ grade_label }})</b>.</p>
            <p>Оценка будет учтена, только когда вы подтвердите её (ссылка действует {{ hours }} ч и срабатывает один раз):</p>
            <p><a href="{{ link }}">Подтвердить оценку</a></p>
            <p style="color:#666">Если вы не ставили эту оценку, ничего не делайте: без подтверждения она не учитывается.</p>
            <p>Единое окно ОЦО</p>
            """),
        ["en"] = new(
            "Confirm your rating of {{ employee }}",
            """
            Hello {{ name }},

            Someone gave your address on the rating page and rated the work of {{ employee }} of the shared service centre: {{ grade }} of {{ scale }} ({{ grade_label }}).
            The rating counts only once you confirm it through this link (it works for {{ hours }} hours, once):
            {{ link }}

            If you did not give this rating, do nothing: without confirmation it does not count.

            The shared service centre's single window
            """,
            """
            <p>Hello {{ name }},</p>
            <p>Someone gave your address on the rating page and rated the work of {{ employee }} of the shared service centre: <b>{{ grade }} of {{ scale }} ({{ grade_label }})</b>.</p>
            <p>The rating counts only once you confirm it (the link works for {{ hours }} hours, once):</p>
            <p><a href="{{ link }}">Confirm the rating</a></p>
            <p style="color:#666">If you did not give this rating, do nothing: without confirmation it does not count.</p>
            <p>The shared service centre's single window</p>
            """),
    };

    private static readonly Dictionary<string, Template> ClientReminder = new(StringComparer.OrdinalIgnoreCase)
    {
        ["ru"] = new(
            "{% if overdue %}Срок ответа истёк{% else %}Напоминание{% endif %}: [{{ number }}] {{ subject }}",
            """
            Здравствуйте, {{ name }}!

            {% if overdue %}По обращению {{ number }} «{{ subject }}» истёк согласованный срок: «{{ obligation }}» ({{ percent }} % времени). Центр общего обслуживания не может продолжить работу без вашего ответа.{% else %}По обращению {{ number }} «{{ subject }}» центр общего обслуживания ждёт вашего ответа: «{{ obligation }}», израсходовано {{ percent }} % согласованного времени.{% endif %}

            Ответить можно в обращении: {{ link }}

            Единое окно ОЦО
            """,
            """
            <p>Здравствуйте, {{ name }}!</p>
            <p>{% if overdue %}По обращению {{ number }} «{{ subject }}» истёк согласованный срок: «{{ obligation }}» ({{ percent }} % времени). Центр общего обслуживания не может продолжить работу без вашего ответа.{% else %}По обращению {{ number }} «{{ subject }}» центр общего обслуживания ждёт вашего ответа: «{{ obligation }}», израсходовано {{ percent }} % согласованного времени.{% endif %}</p>
            <p><a href="{{ link }}">Открыть обращение</a></p>
            <p>Единое окно ОЦО</p>
            """),
        ["en"] = new(
            "{% if overdue %}Time to answer has run out{% else %}Reminder{% endif %}: [{{ number }}] {{ subject }}",
            """
            Hello {{ name }},

            {% if overdue %}The agreed time on request {{ number }} "{{ subject }}" has run out: "{{ obligation }}" ({{ percent }} % of the time). The shared service centre cannot go on without your answer.{% else %}The shared service centre is waiting for your answer on request {{ number }} "{{ subject }}": "{{ obligation }}", {{ percent }} % of the agreed time used.{% endif %}

            You can answer in the request: {{ link }}

            The shared service centre's single window
            """,
            """
            <p>Hello {{ name }},</p>
            <p>{% if overdue %}The agreed time on request {{ number }} "{{ subject }}" has run out: "{{ obligation }}" ({{ percent }} % of the time). The shared service centre cannot go on without your answer.{% else %}The shared service centre is waiting for your answer on request {{ number }} "{{ subject }}": "{{ obligation }}", {{ percent }} % of the agreed time used.{% endif %}</p>
            <p><a href="{{ link }}">Open the request</a></p>
            <p>The shared service centre's single window</p>
            """),
    };

    private static readonly Dictionary<string, Template> ObligationReminder = new(StringComparer.OrdinalIgnoreCase)
    {
        ["ru"] = new(
            "{% if late %}Просрочено{% else %}Скоро срок{% endif %}: {{ obligation }} за {{ period }}",
            """
            Здравствуйте, {{ name }}!

            {% if late %}Срок по обязательству компании {{ company }} «{{ obligation }}» за {{ period }} истёк {{ due }}, а документы в центр общего обслуживания не поступили. Пожалуйста, передайте их как можно скорее: без них ЦОБ не может закрыть период в срок.{% else %}Напоминаем: по обязательству компании {{ company }} «{{ obligation }}» за {{ period }} срок — {{ due }}.{% endif %}

            Ваши обязательства по соглашению: {{ link }}

            Единое окно ОЦО
            """,
            """
            <p>Здравствуйте, {{ name }}!</p>
            <p>{% if late %}Срок по обязательству компании {{ company }} «{{ obligation }}» за {{ period }} истёк <b>{{ due }}</b>, а документы в центр общего обслуживания не поступили. Пожалуйста, передайте их как можно скорее: без них ЦОБ не может закрыть период в срок.{% else %}Напоминаем: по обязательству компании {{ company }} «{{ obligation }}» за {{ period }} срок — <b>{{ due }}</b>.{% endif %}</p>
            <p><a href="{{ link }}">Ваши обязательства по соглашению</a></p>
            <p>Единое окно ОЦО</p>
            """),
        ["en"] = new(
            "{% if late %}Overdue{% else %}Due soon{% endif %}: {{ obligation }} for {{ period }}",
            """
            Hello {{ name }},

            {% if late %}The deadline of {{ company }}'s obligation "{{ obligation }}" for {{ period }} passed on {{ due }}, and nothing has reached the shared service centre yet. Please send it as soon as you can: without it the SSC cannot close the period on time.{% else %}A reminder: {{ company }}'s obligation "{{ obligation }}" for {{ period }} is due on {{ due }}.{% endif %}

            Your obligations under the agreement: {{ link }}

            The shared service centre's single window
            """,
            """
            <p>Hello {{ name }},</p>
            <p>{% if late %}The deadline of {{ company }}'s obligation "{{ obligation }}" for {{ period }} passed on <b>{{ due }}</b>, and nothing has reached the shared service centre yet. Please send it as soon as you can: without it the SSC cannot close the period on time.{% else %}A reminder: {{ company }}'s obligation "{{ obligation }}" for {{ period }} is due on <b>{{ due }}</b>.{% endif %}</p>
            <p><a href="{{ link }}">Your obligations under the agreement</a></p>
            <p>The shared service centre's single window</p>
            """),
    };

    private static readonly Dictionary<string, Template> SurveyInvitation = new(StringComparer.OrdinalIgnoreCase)
    {
        ["ru"] = new(
            "{% if reminder %}Напоминание: {% endif %}{{ survey }}",
            """
            Здравствуйте, {{ name }}!

            {% if reminder %}Напоминаем об опросе «{{ survey }}»: он открыт до {{ closes }} включительно.{% else %}Центр общего обслуживания просит вас ответить на опрос «{{ survey }}». Это займёт 5–7 минут; опрос открыт до {{ closes }} включительно.{% endif %}
            {% if anonymous %}Опрос анонимный: ответы не связываются с вашим именем.{% endif %}
            Ваша личная ссылка (можно сохранить ответы и вернуться к ним позже):
            {{ link }}

            Спасибо! Ваше мнение определяет, что ЦОБ улучшит в первую очередь.
            """,
            """
            <p>Здравствуйте, {{ name }}!</p>
            <p>{% if reminder %}Напоминаем об опросе «{{ survey }}»: он открыт до {{ closes }} включительно.{% else %}Центр общего обслуживания просит вас ответить на опрос «{{ survey }}». Это займёт 5–7 минут; опрос открыт до {{ closes }} включительно.{% endif %}</p>
            {% if anonymous %}<p>Опрос анонимный: ответы не связываются с вашим именем.</p>{% endif %}
            <p><a href="{{ link }}">Ответить на опрос</a></p>
            <p style="color:#666">Ссылка личная: по ней можно сохранить ответы и вернуться к ним позже. Спасибо! Ваше мнение определяет, что ЦОБ улучшит в первую очередь.</p>
            """),
        ["en"] = new(
            "{% if reminder %}Reminder: {% endif %}{{ survey }}",
            """
            Hello {{ name }},

            {% if reminder %}A reminder of the survey "{{ survey }}": it is open until {{ closes }} inclusive.{% else %}The shared service centre asks you to answer the survey "{{ survey }}". It takes 5–7 minutes and is open until {{ closes }} inclusive.{% endif %}
            {% if anonymous %}The survey is anonymous: your answers are not linked to your name.{% endif %}
            Your personal link (you can save your answers and come back to them later):
            {{ link }}

            Thank you! Your view decides what the SSC improves first.
            """,
            """
            <p>Hello {{ name }},</p>
            <p>{% if reminder %}A reminder of the survey "{{ survey }}": it is open until {{ closes }} inclusive.{% else %}The shared service centre asks you to answer the survey "{{ survey }}". It takes 5–7 minutes and is open until {{ closes }} inclusive.{% endif %}</p>
            {% if anonymous %}<p>The survey is anonymous: your answers are not linked to your name.</p>{% endif %}
            <p><a href="{{ link }}">Answer the survey</a></p>
            <p style="color:#666">The link is personal: you can save your answers and come back to them later. Thank you! Your view decides what the SSC improves first.</p>
            """),
    };

    private static readonly Dictionary<string, Template> InteractionDelivery = new(StringComparer.OrdinalIgnoreCase)
    {
        ["ru"] = new(
            "{{ item }}: {{ company }}, {{ period }}",
            """
            Здравствуйте{% if name != "" %}, {{ name }}{% endif %}!

            {% if cancelled %}Встречи «{{ item }}» отменены: компания убрала их из меню взаимодействия. Отмена для календаря — во вложении.{% elsif meeting %}Приглашаем на встречи «{{ item }}»: {{ period }}. Серия встреч для календаря — во вложении; дни, нерабочие по производственному календарю, из неё исключены.{% else %}Направляем «{{ item }}» по компании {{ company }} за {{ period }}.{% if attachment %} Файл — во вложении: {{ attachment }}.{% endif %}{% endif %}

            Это письмо из меню взаимодействия, которое выбрала ваша компания; изменить его можно в OneWindow.
            Единое окно центра общего обслуживания
            """,
            """
            <p>Здравствуйте{% if name != "" %}, {{ name }}{% endif %}!</p>
            <p>{% if cancelled %}Встречи «{{ item }}» отменены: компания убрала их из меню взаимодействия. Отмена для календаря — во вложении.{% elsif meeting %}Приглашаем на встречи «{{ item }}»: {{ period }}. Серия встреч для календаря — во вложении; дни, нерабочие по производственному календарю, из неё исключены.{% else %}Направляем «{{ item }}» по компании {{ company }} за {{ period }}.{% if attachment %} Файл — во вложении: {{ attachment }}.{% endif %}{% endif %}</p>
            <p style="color:#666">Это письмо из меню взаимодействия, которое выбрала ваша компания; изменить его можно в OneWindow.</p>
            """),
        ["en"] = new(
            "{{ item }}: {{ company }}, {{ period }}",
            """
            Hello{% if name != "" %} {{ name }}{% endif %},

            {% if cancelled %}The "{{ item }}" meetings are cancelled: your company took them off its interaction menu. The calendar cancellation is attached.{% elsif meeting %}You are invited to "{{ item }}": {{ period }}. The meeting series for your calendar is attached; days off by the production calendar are left out of it.{% else %}Please find "{{ item }}" for {{ company }}, {{ period }}.{% if attachment %} The file is attached: {{ attachment }}.{% endif %}{% endif %}

            This email comes from the interaction menu your company chose; you can change it in OneWindow.
            The shared service centre's single window
            """,
            """
            <p>Hello{% if name != "" %} {{ name }}{% endif %},</p>
            <p>{% if cancelled %}The "{{ item }}" meetings are cancelled: your company took them off its interaction menu. The calendar cancellation is attached.{% elsif meeting %}You are invited to "{{ item }}": {{ period }}. The meeting series for your calendar is attached; days off by the production calendar are left out of it.{% else %}Please find "{{ item }}" for {{ company }}, {{ period }}.{% if attachment %} The file is attached: {{ attachment }}.{% endif %}{% endif %}</p>
            <p style="color:#666">This email comes from the interaction menu your company chose; you can change it in OneWindow.</p>
            """),
    };

    private static readonly Dictionary<string, Template> ActionItemReminder = new(StringComparer.OrdinalIgnoreCase)
    {
        ["ru"] = new(
            "{% if overdue %}Просрочено поручение{% else %}Скоро срок поручения{% endif %}: {{ title }}",
            """
            Здравствуйте, {{ name }}!

            {% if overdue %}Срок поручения комитета «{{ committee }}» «{{ title }}» истёк {{ due }}. Пожалуйста, выполните его или сообщите, что мешает.{% else %}Напоминаем: срок поручения комитета «{{ committee }}» «{{ title }}» — {{ due }}.{% endif %}

            Ваши поручения: {{ link }}

            Единое окно ОЦО
            """,
            """
            <p>Здравствуйте, {{ name }}!</p>
            <p>{% if overdue %}Срок поручения комитета «{{ committee }}» «{{ title }}» истёк <b>{{ due }}</b>. Пожалуйста, выполните его или сообщите, что мешает.{% else %}Напоминаем: срок поручения комитета «{{ committee }}» «{{ title }}» — <b>{{ due }}</b>.{% endif %}</p>
            <p><a href="{{ link }}">Мои поручения</a></p>
            <p>Единое окно ОЦО</p>
            """),
        ["en"] = new(
            "{% if overdue %}Action item overdue{% else %}Action item due soon{% endif %}: {{ title }}",
            """
            Hello {{ name }},

            {% if overdue %}The action item "{{ title }}" of the committee "{{ committee }}" was due on {{ due }}. Please complete it or tell us what stands in the way.{% else %}A reminder: the action item "{{ title }}" of the committee "{{ committee }}" is due on {{ due }}.{% endif %}

            Your action items: {{ link }}

            The shared service centre's single window
            """,
            """
            <p>Hello {{ name }},</p>
            <p>{% if overdue %}The action item "{{ title }}" of the committee "{{ committee }}" was due on <b>{{ due }}</b>. Please complete it or tell us what stands in the way.{% else %}A reminder: the action item "{{ title }}" of the committee "{{ committee }}" is due on <b>{{ due }}</b>.{% endif %}</p>
            <p><a href="{{ link }}">My action items</a></p>
            <p>The shared service centre's single window</p>
            """),
    };

    private static readonly Dictionary<string, Template> CommitteeMinutes = new(StringComparer.OrdinalIgnoreCase)
    {
        ["ru"] = new(
            "Протокол № {{ number }} от {{ date }}: {{ committee }}",
            """
            Здравствуйте, {{ name }}!

            Протокол № {{ number }} заседания комитета «{{ committee }}» от {{ date }} утверждён председателем. Протокол во вложении; решения и поручения: {{ link }}

            Единое окно ОЦО
            """,
            """
            <p>Здравствуйте, {{ name }}!</p>
            <p>Протокол № {{ number }} заседания комитета «{{ committee }}» от {{ date }} утверждён председателем. Протокол во вложении.</p>
            <p><a href="{{ link }}">Решения и поручения</a></p>
            <p>Единое окно ОЦО</p>
            """),
        ["en"] = new(
            "Minutes No. {{ number }} of {{ date }}: {{ committee }}",
            """
            Hello {{ name }},

            The minutes No. {{ number }} of the committee "{{ committee }}" meeting of {{ date }} are approved by the chair. They are attached; decisions and action items: {{ link }}

            The shared service centre's single window
            """,
            """
            <p>Hello {{ name }},</p>
            <p>The minutes No. {{ number }} of the committee "{{ committee }}" meeting of {{ date }} are approved by the chair. They are attached.</p>
            <p><a href="{{ link }}">Decisions and action items</a></p>
            <p>The shared service centre's single window</p>
            """),
    };

    private static readonly Dictionary<string, Template> CommitteeInvitation = new(StringComparer.OrdinalIgnoreCase)
    {
        ["ru"] = new(
            "{% if cancelled %}Отменено: {% elsif changed %}Изменено: {% endif %}{{ committee }}, заседание № {{ number }}, {{ when }}",
            """
            Здравствуйте{% if name != "" %}, {{ name }}{% endif %}!

            {% if cancelled %}Заседание № {{ number }} комитета «{{ committee }}» ({{ when }}) отменено. Отмена для календаря — во вложении.{% else %}{% if changed %}Заседание № {{ number }} комитета «{{ committee }}» перенесено или изменено.{% else %}Приглашаем на заседание № {{ number }} комитета «{{ committee }}».{% endif %}
            Когда: {{ when }}{% if place %}
            Где: {{ place }}{% endif %}{% if link %}
            Подключиться: {{ link }}{% endif %}
            Приглашение для календаря — во вложении.{% endif %}

            Единое окно центра общего обслуживания
            """,
            """
            <p>Здравствуйте{% if name != "" %}, {{ name }}{% endif %}!</p>
            {% if cancelled %}<p>Заседание № {{ number }} комитета «{{ committee }}» ({{ when }}) отменено. Отмена для календаря — во вложении.</p>{% else %}<p>{% if changed %}Заседание № {{ number }} комитета «{{ committee }}» перенесено или изменено.{% else %}Приглашаем на заседание № {{ number }} комитета «{{ committee }}».{% endif %}</p>
            <p>Когда: {{ when }}{% if place %}<br>Где: {{ place }}{% endif %}{% if link %}<br>Подключиться: <a href="{{ link }}">{{ link }}</a>{% endif %}</p>
            <p style="color:#666">Приглашение для календаря — во вложении.</p>{% endif %}
            """),
        ["en"] = new(
            "{% if cancelled %}Cancelled: {% elsif changed %}Changed: {% endif %}{{ committee }}, meeting no. {{ number }}, {{ when }}",
            """
            Hello{% if name != "" %} {{ name }}{% endif %},

            {% if cancelled %}Meeting no. {{ number }} of the "{{ committee }}" committee ({{ when }}) is cancelled. The calendar cancellation is attached.{% else %}{% if changed %}Meeting no. {{ number }} of the "{{ committee }}" committee has been moved or changed.{% else %}You are invited to meeting no. {{ number }} of the "{{ committee }}" committee.{% endif %}
            When: {{ when }}{% if place %}
            Where: {{ place }}{% endif %}{% if link %}
            Join online: {{ link }}{% endif %}
            The calendar invitation is attached.{% endif %}

            The shared service centre's single window
            """,
            """
            <p>Hello{% if name != "" %} {{ name }}{% endif %},</p>
            {% if cancelled %}<p>Meeting no. {{ number }} of the "{{ committee }}" committee ({{ when }}) is cancelled. The calendar cancellation is attached.</p>{% else %}<p>{% if changed %}Meeting no. {{ number }} of the "{{ committee }}" committee has been moved or changed.{% else %}You are invited to meeting no. {{ number }} of the "{{ committee }}" committee.{% endif %}</p>
            <p>When: {{ when }}{% if place %}<br>Where: {{ place }}{% endif %}{% if link %}<br>Join online: <a href="{{ link }}">{{ link }}</a>{% endif %}</p>
            <p style="color:#666">The calendar invitation is attached.</p>{% endif %}
            """),
    };

    private static readonly Dictionary<string, Template> DocumentReminder = new(StringComparer.OrdinalIgnoreCase)
    {
        ["ru"] = new(
            "Ознакомьтесь с документом: {{ title }}",
            """
            Здравствуйте, {{ name }}!

            {{ published }} опубликована редакция {{ number }} документа «{{ title }}». Вы ещё не подтвердили, что ознакомились с ней. Пожалуйста, прочитайте документ и нажмите «Ознакомлен(а)».

            Документ: {{ link }}

            Единое окно ОЦО
            """,
            """
            <p>Здравствуйте, {{ name }}!</p>
            <p>{{ published }} опубликована редакция {{ number }} документа «{{ title }}». Вы ещё не подтвердили, что ознакомились с ней. Пожалуйста, прочитайте документ и нажмите «Ознакомлен(а)».</p>
            <p><a href="{{ link }}">Открыть документ</a></p>
            <p>Единое окно ОЦО</p>
            """),
        ["en"] = new(
            "Please read: {{ title }}",
            """
            Hello {{ name }},

            Version {{ number }} of "{{ title }}" was published on {{ published }}. You have not confirmed reading it yet. Please read the document and confirm.

            The document: {{ link }}

            The shared service centre's single window
            """,
            """
            <p>Hello {{ name }},</p>
            <p>Version {{ number }} of "{{ title }}" was published on {{ published }}. You have not confirmed reading it yet. Please read the document and confirm.</p>
            <p><a href="{{ link }}">Open the document</a></p>
            <p>The shared service centre's single window</p>
            """),
    };

    private static Dictionary<string, Template> DefaultsOf(string key) => key switch
    {
        MailTemplateKeys.DocumentReminder => DocumentReminder,
        MailTemplateKeys.ActionItemReminder => ActionItemReminder,
        MailTemplateKeys.CommitteeMinutes => CommitteeMinutes,
        MailTemplateKeys.InteractionDelivery => InteractionDelivery,
        MailTemplateKeys.CommitteeInvitation => CommitteeInvitation,
        MailTemplateKeys.SurveyInvitation => SurveyInvitation,
        MailTemplateKeys.ClientReminder => ClientReminder,
        MailTemplateKeys.ObligationReminder => ObligationReminder,
        MailTemplateKeys.RatingConfirmation => RatingConfirmation,
        MailTemplateKeys.Received => Received,
        MailTemplateKeys.Reply => Reply,
        MailTemplateKeys.WhatWeDid => WhatWeDid,
        _ => throw new ArgumentOutOfRangeException(nameof(key), key, "Unknown mail template."),
    };

    // Cyrillic stays readable in the HTML source; only markup characters are escaped.
    private static readonly HtmlEncoder Html = HtmlEncoder.Create(System.Text.Unicode.UnicodeRanges.All);

    private readonly FluidParser parser = new();
    private readonly ConcurrentDictionary<string, IFluidTemplate> parsed = new();

    /// <summary>Whether there is a template of this key in this language (the admin API's 404 otherwise).</summary>
    public static bool IsKnown(string key, string culture) => MailTemplateKeys.All.Contains(key) && Cultures.Contains(culture);

    public static string Language(string? culture) => culture is not null && culture.StartsWith("en", StringComparison.OrdinalIgnoreCase) ? "en" : "ru";

    public static MailTemplateSource Default(string culture) => Default(MailTemplateKeys.Reply, culture);

    public static MailTemplateSource Default(string key, string culture)
    {
        var t = DefaultsOf(key)[Language(culture)];
        return new MailTemplateSource(t.Subject, t.Text, t.Html);
    }

    public Dictionary<string, string[]> Check(MailTemplateSource source) => Check(MailTemplateKeys.Reply, source);

    /// <summary>
    /// Why a template cannot be used, per part; empty when it can. A reply's subject must keep the number, which threads
    /// replies; a "what we did" email must keep the link in both bodies, since the client answers only there.
    /// </summary>
    public Dictionary<string, string[]> Check(string key, MailTemplateSource source)
    {
        var errors = new Dictionary<string, string[]>();
        foreach (var (field, text) in new[] { ("subject", source.Subject), ("text", source.Text), ("html", source.Html) })
        {
            if (!parser.TryParse(text, out _, out var error))
            {
                errors[field] = [ParseError + error];
            }
        }

        if (key is MailTemplateKeys.Reply or MailTemplateKeys.Received && !source.Subject.Contains("number", StringComparison.Ordinal))
        {
            errors.TryAdd("subject", [SubjectNeedsNumber]);
        }

        if (key is MailTemplateKeys.WhatWeDid or MailTemplateKeys.RatingConfirmation or MailTemplateKeys.SurveyInvitation)
        {
            foreach (var (field, text) in new[] { ("text", source.Text), ("html", source.Html) })
            {
                if (!text.Contains("link", StringComparison.Ordinal))
                {
                    errors.TryAdd(field, [key switch
                    {
                        MailTemplateKeys.RatingConfirmation => ConfirmationNeedsLink,
                        MailTemplateKeys.SurveyInvitation => SurveyNeedsLink,
                        _ => EmailNeedsLink,
                    }]);
                }
            }
        }

        return errors;
    }

    /// <summary>Renders the template of this key with its model (<see cref="MailTemplateKeys"/> says which model goes with which key).</summary>
    public RenderedEmail Render(string key, string? culture, object model, MailTemplateSource? edited = null) => (key, model) switch
    {
        (MailTemplateKeys.Reply, ReplyModel reply) => RenderReply(culture, reply, edited),
        (MailTemplateKeys.WhatWeDid, WhatWeDidModel whatWeDid) => RenderWhatWeDid(culture, whatWeDid, edited),
        (MailTemplateKeys.Received, ReceivedModel received) => RenderReceived(culture, received, edited),
        (MailTemplateKeys.RatingConfirmation, RatingConfirmationModel confirmation) => RenderRatingConfirmation(culture, confirmation, edited),
        (MailTemplateKeys.SurveyInvitation, SurveyInvitationModel invitation) => RenderSurveyInvitation(culture, invitation, edited),
        (MailTemplateKeys.InteractionDelivery, InteractionDeliveryModel delivery) => RenderInteractionDelivery(culture, delivery, edited),
        (MailTemplateKeys.CommitteeInvitation, CommitteeInvitationModel invitation) => RenderCommitteeInvitation(culture, invitation, edited),
        (MailTemplateKeys.ClientReminder, ClientReminderModel reminder) => RenderClientReminder(culture, reminder, edited),
        (MailTemplateKeys.ObligationReminder, ObligationReminderModel obligation) => RenderObligationReminder(culture, obligation, edited),
        (MailTemplateKeys.ActionItemReminder, ActionItemReminderModel item) => RenderActionItemReminder(culture, item, edited),
        (MailTemplateKeys.CommitteeMinutes, CommitteeMinutesModel minutes) => RenderCommitteeMinutes(culture, minutes, edited),
        (MailTemplateKeys.DocumentReminder, DocumentReminderModel document) => RenderDocumentReminder(culture, document, edited),
        _ => throw new ArgumentException($"The {key} template does not take a {model?.GetType().Name ?? "null"} model.", nameof(model)),
    };

    public RenderedEmail RenderReply(string? culture, ReplyModel model, MailTemplateSource? edited = null)
    {
        var language = Language(culture);
        var template = edited is null ? Reply[language] : new Template(edited.Subject, edited.Text, edited.Html);
        var context = new TemplateContext();
        context.SetValue("number", model.Number);
        context.SetValue("subject", model.Subject);
        context.SetValue("name", model.RecipientName);
        context.SetValue("body", model.Body);
        context.SetValue("body_html", HtmlLines(model.Body));
        context.SetValue("author", model.AuthorName);
        context.SetValue("rating_html", model.RatingHtml ?? "");
        context.SetValue("rating_text", model.RatingText ?? "");
        var (subject, text, html) = Render(template, context);
        // Every reply carries its rating links, also under an administrator's template that does not place them.
        if (model.RatingText is { Length: > 0 } ratingText && !template.Text.Contains("rating_text", StringComparison.Ordinal))
        {
            text += "\n" + ratingText;
        }

        if (model.RatingHtml is { Length: > 0 } ratingHtml && !template.Html.Contains("rating_html", StringComparison.Ordinal))
        {
            var end = html.LastIndexOf("</body>", StringComparison.OrdinalIgnoreCase);
            html = end >= 0 ? html.Insert(end, ratingHtml) : html + ratingHtml;
        }

        return new RenderedEmail(subject, text, html);
    }

    public RenderedEmail RenderWhatWeDid(string? culture, WhatWeDidModel model, MailTemplateSource? edited = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        var template = edited is null ? WhatWeDid[Language(culture)] : new Template(edited.Subject, edited.Text, edited.Html);
        var context = new TemplateContext();
        context.SetValue("number", model.Number);
        context.SetValue("name", model.ClientName);
        context.SetValue("employee", model.Employee);
        context.SetValue("team", model.Team);
        context.SetValue("service", model.Service);
        context.SetValue("about", model.About);
        context.SetValue("message", model.Message);
        context.SetValue("message_html", HtmlLines(model.Message));
        context.SetValue("link", model.Link);
        var (subject, text, html) = Render(template, context);
        return new RenderedEmail(subject, text, html);
    }

    public RenderedEmail RenderReceived(string? culture, ReceivedModel model, MailTemplateSource? edited = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        var template = edited is null ? Received[Language(culture)] : new Template(edited.Subject, edited.Text, edited.Html);
        var context = new TemplateContext();
        context.SetValue("number", model.Number);
        context.SetValue("subject", model.Subject);
        context.SetValue("name", model.RecipientName);
        context.SetValue("request_type", model.RequestType);
        context.SetValue("description", model.Description);
        context.SetValue("description_html", HtmlLines(model.Description));
        var (subject, text, html) = Render(template, context);
        return new RenderedEmail(subject, text, html);
    }

    public RenderedEmail RenderRatingConfirmation(string? culture, RatingConfirmationModel model, MailTemplateSource? edited = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        var template = edited is null ? RatingConfirmation[Language(culture)] : new Template(edited.Subject, edited.Text, edited.Html);
        var context = new TemplateContext();
        context.SetValue("name", model.RecipientName);
        context.SetValue("employee", model.Employee);
        context.SetValue("grade", model.Grade);
        context.SetValue("scale", model.Scale);
        context.SetValue("grade_label", model.GradeLabel);
        context.SetValue("link", model.Link);
        context.SetValue("hours", model.Hours);
        var (subject, text, html) = Render(template, context);
        return new RenderedEmail(subject, text, html);
    }

    public RenderedEmail RenderSurveyInvitation(string? culture, SurveyInvitationModel model, MailTemplateSource? edited = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        var template = edited is null ? SurveyInvitation[Language(culture)] : new Template(edited.Subject, edited.Text, edited.Html);
        var context = new TemplateContext();
        context.SetValue("name", model.RecipientName);
        context.SetValue("survey", model.Survey);
        context.SetValue("link", model.Link);
        context.SetValue("closes", model.Closes);
        context.SetValue("anonymous", model.Anonymous);
        context.SetValue("reminder", model.Reminder);
        var (subject, text, html) = Render(template, context);
        return new RenderedEmail(subject, text, html);
    }

    public RenderedEmail RenderInteractionDelivery(string? culture, InteractionDeliveryModel model, MailTemplateSource? edited = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        var template = edited is null ? InteractionDelivery[Language(culture)] : new Template(edited.Subject, edited.Text, edited.Html);
        var context = new TemplateContext();
        context.SetValue("name", model.RecipientName);
        context.SetValue("company", model.Company);
        context.SetValue("item", model.Item);
        context.SetValue("period", model.Period);
        context.SetValue("meeting", model.Meeting);
        context.SetValue("attachment", model.Attachment);
        context.SetValue("cancelled", model.Cancelled);
        var (subject, text, html) = Render(template, context);
        return new RenderedEmail(subject, text, html);
    }

    public RenderedEmail RenderCommitteeInvitation(string? culture, CommitteeInvitationModel model, MailTemplateSource? edited = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        var template = edited is null ? CommitteeInvitation[Language(culture)] : new Template(edited.Subject, edited.Text, edited.Html);
        var context = new TemplateContext();
        context.SetValue("name", model.RecipientName);
        context.SetValue("committee", model.Committee);
        context.SetValue("number", model.Number);
        context.SetValue("when", model.When);
        context.SetValue("place", model.Place);
        context.SetValue("link", model.Link);
        context.SetValue("changed", model.Changed);
        context.SetValue("cancelled", model.Cancelled);
        var (subject, text, html) = Render(template, context);
        return new RenderedEmail(subject, text, html);
    }

    public RenderedEmail RenderClientReminder(string? culture, ClientReminderModel model, MailTemplateSource? edited = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        var template = edited is null ? ClientReminder[Language(culture)] : new Template(edited.Subject, edited.Text, edited.Html);
        var context = new TemplateContext();
        context.SetValue("name", model.RecipientName);
        context.SetValue("number", model.Number);
        context.SetValue("subject", model.Subject);
        context.SetValue("obligation", model.Obligation);
        context.SetValue("percent", model.Percent);
        context.SetValue("overdue", model.Overdue);
        context.SetValue("link", model.Link);
        var (subject, text, html) = Render(template, context);
        return new RenderedEmail(subject, text, html);
    }

    public RenderedEmail RenderObligationReminder(string? culture, ObligationReminderModel model, MailTemplateSource? edited = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        var template = edited is null ? ObligationReminder[Language(culture)] : new Template(edited.Subject, edited.Text, edited.Html);
        var context = new TemplateContext();
        context.SetValue("name", model.RecipientName);
        context.SetValue("company", model.Company);
        context.SetValue("obligation", model.Obligation);
        context.SetValue("period", model.Period);
        context.SetValue("due", model.Due);
        context.SetValue("late", model.Late);
        context.SetValue("link", model.Link);
        var (subject, text, html) = Render(template, context);
        return new RenderedEmail(subject, text, html);
    }

    public RenderedEmail RenderActionItemReminder(string? culture, ActionItemReminderModel model, MailTemplateSource? edited = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        var template = edited is null ? ActionItemReminder[Language(culture)] : new Template(edited.Subject, edited.Text, edited.Html);
        var context = new TemplateContext();
        context.SetValue("name", model.RecipientName);
        context.SetValue("committee", model.Committee);
        context.SetValue("title", model.Title);
        context.SetValue("due", model.Due);
        context.SetValue("overdue", model.Overdue);
        context.SetValue("link", model.Link);
        var (subject, text, html) = Render(template, context);
        return new RenderedEmail(subject, text, html);
    }

    public RenderedEmail RenderCommitteeMinutes(string? culture, CommitteeMinutesModel model, MailTemplateSource? edited = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        var template = edited is null ? CommitteeMinutes[Language(culture)] : new Template(edited.Subject, edited.Text, edited.Html);
        var context = new TemplateContext();
        context.SetValue("name", model.RecipientName);
        context.SetValue("committee", model.Committee);
        context.SetValue("number", model.Number);
        context.SetValue("date", model.Date);
        context.SetValue("link", model.Link);
        var (subject, text, html) = Render(template, context);
        return new RenderedEmail(subject, text, html);
    }

    public RenderedEmail RenderDocumentReminder(string? culture, DocumentReminderModel model, MailTemplateSource? edited = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        var template = edited is null ? DocumentReminder[Language(culture)] : new Template(edited.Subject, edited.Text, edited.Html);
        var context = new TemplateContext();
        context.SetValue("name", model.RecipientName);
        context.SetValue("title", model.Title);
        context.SetValue("number", model.Number);
        context.SetValue("published", model.Published);
        context.SetValue("link", model.Link);
        var (subject, text, html) = Render(template, context);
        return new RenderedEmail(subject, text, html);
    }

    private static string HtmlLines(string text) => string.Join("<br>", text.ReplaceLineEndings("\n").Split('\n').Select(Html.Encode));

    private (string Subject, string Text, string Html) Render(Template template, TemplateContext context) => (
        Parse(template.Subject).Render(context, NullEncoder.Default).ReplaceLineEndings(" ").Trim(),
        Parse(template.Text).Render(context, NullEncoder.Default).Trim() + "\n",
        Parse(template.Html).Render(context, Html));

    private IFluidTemplate Parse(string source) => parsed.GetOrAdd(source, s => parser.TryParse(s, out var template, out var error)
        ? template
        : throw new InvalidOperationException("Mail template does not parse: " + error));
}
