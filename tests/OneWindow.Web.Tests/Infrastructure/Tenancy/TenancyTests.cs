using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OneWindow.Web.Data;
using OneWindow.Web.Data.Tenancy;
using OneWindow.Web.Features.Clients;
using OneWindow.Web.Features.People;
using OneWindow.Web.Tests.Infrastructure;

namespace OneWindow.Web.Tests.Infrastructure.Tenancy;

/// <summary>
/// A client user of company A must never get company B's data through any API resource. The tables below
/// list every API route with an id; a new route (or a new company-owned entity) that is not listed fails the
/// enumeration tests, so it cannot be forgotten.
/// </summary>
public class TenancyTests(OneWindowFactory app) : IClassFixture<OneWindowFactory>
{
    private enum Kind
    {
        /// <summary>Data of one client company: another company's gets 403 or 404.</summary>
        CompanyOwned,
        /// <summary>SSC-internal data: client users get 403.</summary>
        SscOnly,
        /// <summary>Shared reference data every signed-in person may read (the service catalogue); writes are 403.</summary>
        SharedReadable,
        /// <summary>The caller's own items (their access tokens): another person's gets 404.</summary>
        Personal,
    }

    /// <summary>A classified route; WriteBody is a valid body for its POST/PUT so the check reaches authorisation, not validation.</summary>
    private sealed record Resource(Kind Kind, Func<AppDbContext, Task<string>> IdOfCompanyB, string WriteBody = "{}")
    {
        public Resource(Kind kind, Func<AppDbContext, Task<Guid>> id, string writeBody = "{}")
            : this(kind, async db => (await id(db)).ToString(), writeBody)
        {
        }
    }

    private static async Task<Guid> ClientServiceOfCompanyBAsync(AppDbContext db)
    {
        var b = await CompanyB(db);
        return await db.ClientServices.Where(s => s.CompanyId == b).Select(s => s.Id).FirstAsync();
    }

    private static async Task<Guid> MeetingOfCompanyBAsync(AppDbContext db) =>
        (await OneWindow.Web.Tests.Features.Committees.MinutesFixtures.CommitteeOfAsync(db, await CompanyB(db), TimeProvider.System.GetUtcNow())).Meeting.Id;

    private static Task<Guid> CompanyB(AppDbContext db) => db.Companies.Where(c => c.Name == Demo.CompanyB).Select(c => c.Id).SingleAsync();

    private static readonly Dictionary<string, Resource> Routes = new()
    {
        ["/api/v1/companies/{id}"] = new(Kind.CompanyOwned, CompanyB),
        // The 360 card is its company's; account notes are SSC-internal (a client gets 403 even for its own company).
        ["/api/v1/companies/{id}/overview"] = new(Kind.CompanyOwned, CompanyB),
        ["/api/v1/companies/{id}/notes"] = new(Kind.SscOnly, CompanyB, "{\"kind\": \"Risk\", \"title\": \"Риск\"}"),
        ["/api/v1/companies/{id}/notes/{noteId}"] = new(Kind.SscOnly, CompanyB, "{\"kind\": \"Risk\", \"title\": \"Риск\"}"),
        ["/api/v1/company-services/{id}"] = new(Kind.CompanyOwned, async db => { var b = await CompanyB(db); return await db.ClientServices.Where(s => s.CompanyId == b).Select(s => s.Id).FirstAsync(); }),
        // Issue 13: a company service's transition lifecycle (stages, checklist ticks, sign-offs) goes with the company service.
        ["/api/v1/company-services/{id}/lifecycle"] = new(Kind.CompanyOwned, ClientServiceOfCompanyBAsync),
        ["/api/v1/company-services/{id}/stage"] = new(Kind.CompanyOwned, ClientServiceOfCompanyBAsync, "{\"to\": \"Stable\"}"),
        ["/api/v1/company-services/{id}/checklist/{templateId}"] = new(Kind.CompanyOwned, ClientServiceOfCompanyBAsync, "{\"done\": true}"),
        ["/api/v1/company-services/{id}/sign-offs"] = new(Kind.CompanyOwned, ClientServiceOfCompanyBAsync, "{\"side\": \"Client\"}"),
        ["/api/v1/transition-checklist/{templateId}"] = new(Kind.SscOnly, db => db.Set<TransitionChecklistTemplate>().Select(t => t.Id).FirstAsync(),
            "{\"stage\": \"Planned\", \"text\": \"Пункт\"}"),
        ["/api/v1/assignments/{id}"] = new(Kind.CompanyOwned, async db => { var b = await CompanyB(db); return await db.ClientAssignments.Where(s => s.CompanyId == b).Select(s => s.Id).FirstAsync(); }),
        ["/api/v1/people/{id}"] = new(Kind.CompanyOwned, async db => await db.Users.Where(u => u.Email == Demo.ClientB).Select(u => u.Id).SingleAsync()),
        ["/api/v1/people/{id}/unlock"] = new(Kind.CompanyOwned, async db => await db.Users.Where(u => u.Email == Demo.ClientB).Select(u => u.Id).SingleAsync()),
        ["/api/v1/people/{id}/password"] = new(Kind.CompanyOwned, async db => await db.Users.Where(u => u.Email == Demo.ClientB).Select(u => u.Id).SingleAsync()),
        ["/api/v1/holdings/{id}"] = new(Kind.SscOnly, db => db.Holdings.Select(h => h.Id).FirstAsync()),
        ["/api/v1/departments/{id}"] = new(Kind.SscOnly, db => db.Departments.Select(h => h.Id).FirstAsync()),
        ["/api/v1/teams/{id}"] = new(Kind.SscOnly, db => db.Teams.Select(h => h.Id).FirstAsync()),
        ["/api/v1/audit/{id}"] = new(Kind.SscOnly, async db =>
        {
            var b = (await CompanyB(db)).ToString();
            return (await db.AuditEntries.Where(e => e.EntityId == b).Select(e => e.Id).FirstAsync()).ToString(System.Globalization.CultureInfo.InvariantCulture);
        }),
        ["/api/v1/tickets/{id}"] = new(Kind.CompanyOwned, async db => (await TicketFixtures.TicketOfAsync(db, await CompanyB(db))).Id),
        ["/api/v1/tickets/{id}/watchers"] = new(Kind.CompanyOwned, async db => (await TicketFixtures.TicketOfAsync(db, await CompanyB(db))).Id,
            "{\"userId\": \"" + Guid.NewGuid() + "\"}"),
        ["/api/v1/tickets/{id}/watchers/{userId}"] = new(Kind.CompanyOwned, async db => (await TicketFixtures.TicketOfAsync(db, await CompanyB(db))).Id),
        ["/api/v1/tickets/{id}/links"] = new(Kind.CompanyOwned, async db => (await TicketFixtures.TicketOfAsync(db, await CompanyB(db))).Id,
            "{\"linkedTicketId\": \"" + Guid.NewGuid() + "\"}"),
        ["/api/v1/tickets/{id}/merge"] = new(Kind.CompanyOwned, async db => (await TicketFixtures.TicketOfAsync(db, await CompanyB(db))).Id,
            "{\"intoTicketId\": \"" + Guid.NewGuid() + "\"}"),
        ["/api/v1/tickets/{id}/canned-responses/{responseId}"] = new(Kind.CompanyOwned, async db => (await TicketFixtures.TicketOfAsync(db, await CompanyB(db))).Id),
        ["/api/v1/canned-responses/{responseId}"] = new(Kind.SscOnly, async db => (await db.CannedResponses.Select(c => c.Id).FirstAsync()).ToString()),
        // Uploading to and listing another company's ticket, and downloading its files, are 404 like the ticket itself.
        ["/api/v1/tickets/{id}/attachments"] = new(Kind.CompanyOwned, async db => (await TicketFixtures.TicketOfAsync(db, await CompanyB(db))).Id),
        ["/api/v1/attachments/{id}"] = new(Kind.CompanyOwned, AttachmentOfCompanyBAsync),
        ["/api/v1/tickets/{id}/actions"] = new(Kind.CompanyOwned, async db => (await TicketFixtures.TicketOfAsync(db, await CompanyB(db))).Id,
            "{\"action\": \"Reopen\"}"),
        ["/api/v1/tickets/{id}/messages"] = new(Kind.CompanyOwned, async db => (await TicketFixtures.TicketOfAsync(db, await CompanyB(db))).Id,
            "{\"kind\": \"ClientMessage\", \"body\": \"Чужой ответ\"}"),
        // Request types of a service company B receives and company A does not: invisible to A.
        ["/api/v1/request-types/{id}"] = new(Kind.CompanyOwned, async db =>
        {
            var a = await db.Companies.Where(c => c.Name == Demo.CompanyA).Select(c => c.Id).SingleAsync();
            var b = await CompanyB(db);
            return await db.RequestTypes.Where(t => db.ClientServices.Any(s => s.CompanyId == b && s.ServiceId == t.ServiceId)
                && !db.ClientServices.Any(s => s.CompanyId == a && s.ServiceId == t.ServiceId)).Select(t => t.Id).FirstAsync();
        }),
        ["/api/v1/routing-rules/{id}"] = new(Kind.SscOnly, db => db.RoutingRules.Select(r => r.Id).FirstAsync()),
        // The mail triage queue and the outbox are the SSC's (triage) and the administrator's (outbox) to work.
        ["/api/v1/mail/triage/{id}/ticket"] = new(Kind.SscOnly, TriageItemOfCompanyBAsync, "{\"requesterId\": \"00000000-0000-0000-0000-000000000001\", \"requestTypeId\": \"00000000-0000-0000-0000-000000000001\"}"),
        ["/api/v1/mail/triage/{id}/dismiss"] = new(Kind.SscOnly, TriageItemOfCompanyBAsync),
        ["/api/v1/mail/triage/{id}/raw"] = new(Kind.SscOnly, TriageItemOfCompanyBAsync),
        ["/api/v1/mail/outbox/{id}/retry"] = new(Kind.SscOnly, async db =>
        {
            var message = new OneWindow.Web.Features.Mail.OutboxMessage { ToAddress = Demo.ClientB, Subject = "[OW-2026-999999] Сибирский агрохолдинг", TextBody = "B", MessageId = Guid.NewGuid().ToString("N") + "@test" };
            db.OutboxMessages.Add(message);
            await db.SaveChangesAsync();
            return message.Id;
        }),
        ["/api/v1/notifications/{id}/read"] = new(Kind.Personal, async db =>
        {
            var ticket = await TicketFixtures.TicketOfAsync(db, await CompanyB(db));
            var notification = new OneWindow.Web.Features.Notifications.Notification
            {
                UserId = ticket.RequesterId!.Value, CompanyId = ticket.CompanyId, TicketId = ticket.Id, TicketNumber = ticket.Number, Subject = ticket.Subject,
            };
            db.Notifications.Add(notification);
            await db.SaveChangesAsync();
            return notification.Id.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }),
        ["/api/v1/mail/templates/{key}/{culture}"] = new(Kind.SscOnly, _ => Task.FromResult(Guid.Empty)),
        // Business calendars are the SSC's: client users get 403 for reading as for writing.
        ["/api/v1/calendars/{id}"] = new(Kind.SscOnly, db => db.Calendars.Select(c => c.Id).FirstAsync(),
            "{\"name\": \"Чужой\", \"timeZoneId\": \"Europe/Moscow\", \"weeklyHours\": \"Mon-Fri 09:00-18:00\"}"),
        ["/api/v1/calendars/{id}/days/{date}"] = new(Kind.SscOnly, db => db.Calendars.Select(c => c.Id).FirstAsync(), "{\"kind\": \"holiday\"}"),
        ["/api/v1/calendars/{id}/days"] = new(Kind.SscOnly, db => db.Calendars.Select(c => c.Id).FirstAsync()),
        ["/api/v1/calendars/{id}/due"] = new(Kind.SscOnly, db => db.Calendars.Select(c => c.Id).FirstAsync()),
        ["/api/v1/calendars/{id}/import"] = new(Kind.SscOnly, db => db.Calendars.Select(c => c.Id).FirstAsync()),
        ["/api/v1/services/{id}"] = new(Kind.SharedReadable, db => db.Services.Select(h => h.Id).FirstAsync()),
        ["/api/v1/agreements/{id}"] = new(Kind.CompanyOwned, AgreementOfCompanyBAsync, "{\"name\": \"Чужое соглашение\"}"),
        ["/api/v1/agreements/{id}/versions"] = new(Kind.CompanyOwned, AgreementOfCompanyBAsync),
        ["/api/v1/agreement-versions/{id}"] = new(Kind.CompanyOwned, VersionOfCompanyBAsync),
        ["/api/v1/agreement-versions/{id}/metrics"] = new(Kind.CompanyOwned, VersionOfCompanyBAsync),
        ["/api/v1/agreement-versions/{id}/submit"] = new(Kind.CompanyOwned, VersionOfCompanyBAsync),
        ["/api/v1/agreement-versions/{id}/approve"] = new(Kind.CompanyOwned, VersionOfCompanyBAsync),
        ["/api/v1/agreement-versions/{id}/reject"] = new(Kind.CompanyOwned, VersionOfCompanyBAsync, "{\"reason\": \"no\"}"),
        ["/api/v1/agreement-versions/{id}/archive"] = new(Kind.CompanyOwned, VersionOfCompanyBAsync),
        ["/api/v1/agreement-metrics/{id}"] = new(Kind.CompanyOwned, MetricOfCompanyBAsync),
        ["/api/v1/agreement-metrics/{id}/deliveries"] = new(Kind.CompanyOwned, MetricOfCompanyBAsync),
        ["/api/v1/agreement-metrics/{id}/deliveries/{period}"] = new(Kind.CompanyOwned, MetricOfCompanyBAsync),
        ["/api/v1/agreement-metrics/{id}/figures"] = new(Kind.CompanyOwned, MetricOfCompanyBAsync),
        ["/api/v1/agreement-metrics/{id}/figures/{period}"] = new(Kind.CompanyOwned, MetricOfCompanyBAsync),
        ["/api/v1/agreement-metrics/{id}/figures/import"] = new(Kind.CompanyOwned, MetricOfCompanyBAsync),
        ["/api/v1/tickets/{id}/clocks"] = new(Kind.CompanyOwned, async db => (await TicketFixtures.TicketOfAsync(db, await CompanyB(db))).Id),
        // Survey campaigns are the SSC's and span companies; what a campaign shows of a company (invitations, responses,
        // cuts) goes through the company-scoped sets, so the demo campaign, answered by company B too, must not name B.
        ["/api/v1/surveys/{id}"] = new(Kind.SscOnly, SurveyAnsweredByCompanyBAsync),
        ["/api/v1/surveys/{id}/audience"] = new(Kind.SscOnly, SurveyAnsweredByCompanyBAsync),
        ["/api/v1/surveys/{id}/waves"] = new(Kind.SscOnly, SurveyAnsweredByCompanyBAsync),
        ["/api/v1/surveys/{id}/schedule"] = new(Kind.SscOnly, SurveyAnsweredByCompanyBAsync),
        ["/api/v1/surveys/{id}/end"] = new(Kind.SscOnly, SurveyAnsweredByCompanyBAsync),
        ["/api/v1/surveys/{id}/results"] = new(Kind.SscOnly, SurveyAnsweredByCompanyBAsync),
        ["/api/v1/surveys/{id}/results.xlsx"] = new(Kind.SscOnly, SurveyAnsweredByCompanyBAsync),
        ["/api/v1/surveys/{id}/responses"] = new(Kind.SscOnly, SurveyAnsweredByCompanyBAsync),
        ["/api/v1/surveys/{id}/verbatims/tags"] = new(Kind.SscOnly, SurveyAnsweredByCompanyBAsync),
        ["/api/v1/surveys/questionnaires/{id}"] = new(Kind.SscOnly, db => db.Set<OneWindow.Web.Features.Surveys.Questionnaire>().Select(q => q.Id).FirstAsync()),
        ["/api/v1/surveys/questionnaires/{id}/versions"] = new(Kind.SscOnly, db => db.Set<OneWindow.Web.Features.Surveys.Questionnaire>().Select(q => q.Id).FirstAsync()),
        // Survey actions are their company's: B's executives read them, nobody serving only other companies does.
        ["/api/v1/surveys/actions/{id}"] = new(Kind.CompanyOwned, SurveyActionOfCompanyBAsync, "{\"status\": \"InProgress\"}"),
        // The interaction menu: a company's menu, items and delivery log are its own; the catalogue of formats is the administrator's.
        ["/api/v1/interaction-menu/formats/{id}"] = new(Kind.SscOnly, db => db.Set<OneWindow.Web.Features.Interaction.InteractionFormat>().Select(f => f.Id).FirstAsync(),
            "{\"key\": \"tenancy\", \"kind\": \"Committee\", \"nameRu\": \"Х\", \"nameEn\": \"X\", \"allowedFrequencies\": [\"Monthly\"], \"allowedChannels\": [\"Meeting\"]}"),
        ["/api/v1/interaction-menu/companies/{id}"] = new(Kind.CompanyOwned, CompanyB),
        ["/api/v1/interaction-menu/companies/{id}/items"] = new(Kind.CompanyOwned, CompanyB, "{\"formatId\": \"" + Guid.Empty + "\", \"frequency\": \"Continuous\", \"channel\": \"Portal\"}"),
        ["/api/v1/interaction-menu/companies/{id}/deliveries"] = new(Kind.CompanyOwned, CompanyB),
        ["/api/v1/interaction-menu/items/{id}"] = new(Kind.CompanyOwned, InteractionItemOfCompanyBAsync, "{\"formatId\": \"" + Guid.Empty + "\", \"frequency\": \"Continuous\", \"channel\": \"Portal\"}"),
        ["/api/v1/interaction-menu/items/{id}/accept"] = new(Kind.CompanyOwned, InteractionItemOfCompanyBAsync),
        ["/api/v1/interaction-menu/items/{id}/decline"] = new(Kind.CompanyOwned, InteractionItemOfCompanyBAsync),
        // Feedback cases and reviews of company B: 404 to company A (the SSC-only actions answer 403 first).
        ["/api/v1/feedback/cases/{id}"] = new(Kind.CompanyOwned, FeedbackCaseOfCompanyBAsync, "{\"rootCause\": \"Process\"}"),
        ["/api/v1/feedback/cases/{id}/send-what-we-did"] = new(Kind.CompanyOwned, FeedbackCaseOfCompanyBAsync, "{\"message\": \"Сделали\"}"),
        ["/api/v1/feedback/cases/{id}/client-answer"] = new(Kind.CompanyOwned, FeedbackCaseOfCompanyBAsync, "{\"satisfied\": true}"),
        ["/api/v1/feedback/cases/{id}/close"] = new(Kind.CompanyOwned, FeedbackCaseOfCompanyBAsync),
        ["/api/v1/feedback/reviews/{id}"] = new(Kind.CompanyOwned, ReviewOfCompanyBAsync),
        ["/api/v1/feedback/reviews/{id}/answer"] = new(Kind.CompanyOwned, ReviewOfCompanyBAsync, "{\"answer\": \"Ответ\"}"),
        // Loyalty: the catalogue is read by everyone and managed by the quality manager; rules likewise; a redemption is its company's.
        ["/api/v1/loyalty/rules/{kind}"] = new(Kind.SscOnly, _ => Task.FromResult("Review"), "{\"points\": 5, \"capPoints\": 25}"),
        ["/api/v1/loyalty/rewards/{id}"] = new(Kind.SharedReadable, async db =>
        {
            var reward = new OneWindow.Web.Features.Loyalty.Reward { NameRu = "Кружка", NameEn = "Mug", Cost = 1, Stock = 1 };
            db.Set<OneWindow.Web.Features.Loyalty.Reward>().Add(reward);
            await db.SaveChangesAsync();
            return reward.Id;
        }, "{\"nameRu\": \"Х\", \"nameEn\": \"X\", \"cost\": 1, \"stock\": 1}"),
        ["/api/v1/loyalty/redemptions/{id}/approve"] = new(Kind.CompanyOwned, RedemptionOfCompanyBAsync),
        ["/api/v1/loyalty/redemptions/{id}/reject"] = new(Kind.CompanyOwned, RedemptionOfCompanyBAsync),
        // A person's ledger: the quality manager's, or the person's own; corrections are the quality manager's.
        ["/api/v1/loyalty/people/{id}/ledger"] = new(Kind.CompanyOwned, async db => await db.Users.Where(u => u.Email == Demo.ClientB).Select(u => u.Id).SingleAsync()),
        ["/api/v1/loyalty/entries/{id}/reverse"] = new(Kind.CompanyOwned, LoyaltyEntryOfCompanyBAsync, "{\"reason\": \"Накрутка\"}"),
        // Issue 14: committee action items are their company's; a meeting's minutes follow its committee's covered companies.
        ["/api/v1/action-items/{id}"] = new(Kind.CompanyOwned, async db => (await OneWindow.Web.Tests.Features.Committees.MinutesFixtures.ActionItemOfAsync(db, await CompanyB(db))).Id,
            "{\"title\": \"Поручение\"}"),
        ["/api/v1/action-items/{id}/status"] = new(Kind.CompanyOwned, async db => (await OneWindow.Web.Tests.Features.Committees.MinutesFixtures.ActionItemOfAsync(db, await CompanyB(db))).Id,
            "{\"status\": \"Done\"}"),
        ["/api/v1/committees/meetings/{id}/minutes"] = new(Kind.CompanyOwned, MeetingOfCompanyBAsync),
        ["/api/v1/committees/meetings/{id}/minutes.docx"] = new(Kind.CompanyOwned, MeetingOfCompanyBAsync),
        ["/api/v1/committees/meetings/{id}/minutes.pdf"] = new(Kind.CompanyOwned, MeetingOfCompanyBAsync),
        ["/api/v1/committees/meetings/{id}/minutes/approve"] = new(Kind.CompanyOwned, MeetingOfCompanyBAsync),
        ["/api/v1/committees/meetings/{id}/decisions"] = new(Kind.CompanyOwned, MeetingOfCompanyBAsync, "{\"heard\": \"Слушали\", \"decided\": \"Решили\"}"),
        ["/api/v1/committees/meetings/{id}/decisions/{decisionId}"] = new(Kind.CompanyOwned, MeetingOfCompanyBAsync, "{\"heard\": \"Слушали\", \"decided\": \"Решили\"}"),
        ["/api/v1/committees/meetings/{id}/attendance"] = new(Kind.CompanyOwned, MeetingOfCompanyBAsync, "[{\"personId\": \"" + Guid.Empty + "\", \"present\": true}]"),
        // Quality committees: a committee covering company B, its members, meetings and cadence proposals are B's (404 elsewhere; writes are the SSC's).
        ["/api/v1/committees/{id}"] = new(Kind.CompanyOwned, CommitteeOfCompanyBAsync, CommitteeBody),
        ["/api/v1/committees/{id}/members"] = new(Kind.CompanyOwned, CommitteeOfCompanyBAsync, "{\"personId\": \"" + Guid.Empty + "\"}"),
        ["/api/v1/committees/{id}/meetings"] = new(Kind.CompanyOwned, CommitteeOfCompanyBAsync),
        ["/api/v1/committees/{id}/pre-meetings"] = new(Kind.CompanyOwned, CommitteeOfCompanyBAsync),
        ["/api/v1/committees/{id}/proposals"] = new(Kind.CompanyOwned, CommitteeOfCompanyBAsync),
        ["/api/v1/committees/meetings/{id}"] = new(Kind.CompanyOwned, CommitteeMeetingOfCompanyBAsync, "{\"place\": \"Переговорная\"}"),
        ["/api/v1/committees/meetings/{id}/cancel"] = new(Kind.CompanyOwned, CommitteeMeetingOfCompanyBAsync),
        ["/api/v1/committees/proposals/{id}/accept"] = new(Kind.CompanyOwned, CadenceProposalOfCompanyBAsync),
        ["/api/v1/committees/proposals/{id}/reject"] = new(Kind.CompanyOwned, CadenceProposalOfCompanyBAsync),
        // Committee packs, issues and planned changes of a committee covering company B only: 404 to anyone else's people.
        ["/api/v1/committees/meetings/{id}/pack"] = new(Kind.CompanyOwned, CommitteeMeetingOfCompanyBAsync),
        // Journey maps of company B: 404 to anyone else's people (writes are the SSC editors').
        ["/api/v1/journey-maps/{id}"] = new(Kind.CompanyOwned, JourneyMapOfCompanyBAsync, JourneyMapBody),
        ["/api/v1/journey-maps/{id}/figures"] = new(Kind.CompanyOwned, JourneyMapOfCompanyBAsync),
        ["/api/v1/journey-maps/{id}/export.pdf"] = new(Kind.CompanyOwned, JourneyMapOfCompanyBAsync),
        ["/api/v1/journey-maps/{id}/export.png"] = new(Kind.CompanyOwned, JourneyMapOfCompanyBAsync),
        ["/api/v1/journey-maps/{id}/steps/{stepId}/comments"] = new(Kind.CompanyOwned, JourneyMapOfCompanyBAsync, "{\"text\": \"Комментарий\", \"isProposal\": false}"),
        ["/api/v1/committees/meetings/{id}/pack.pdf"] = new(Kind.CompanyOwned, CommitteeMeetingOfCompanyBAsync),
        ["/api/v1/committees/meetings/{id}/pack.xlsx"] = new(Kind.CompanyOwned, CommitteeMeetingOfCompanyBAsync),
        ["/api/v1/committees/meetings/{id}/start"] = new(Kind.CompanyOwned, CommitteeMeetingOfCompanyBAsync),
        ["/api/v1/committees/{id}/issues"] = new(Kind.CompanyOwned, CommitteeOfCompanyBAsync, "{\"title\": \"Сибирский агрохолдинг: вопрос\"}"),
        ["/api/v1/committees/issues/{id}"] = new(Kind.CompanyOwned, CommitteeIssueOfCompanyBAsync),
        ["/api/v1/committees/issues/{id}/settle"] = new(Kind.CompanyOwned, CommitteeIssueOfCompanyBAsync, "{\"resolution\": \"Решено\"}"),
        ["/api/v1/committees/issues/{id}/escalate"] = new(Kind.CompanyOwned, CommitteeIssueOfCompanyBAsync),
        // Issue 15: a company's interaction matrix, gaps and export, and its rows are the company's (404 elsewhere; writes are the SSC managers').
        ["/api/v1/interaction-matrix/companies/{id}"] = new(Kind.CompanyOwned, CompanyB),
        ["/api/v1/interaction-matrix/companies/{id}/gaps"] = new(Kind.CompanyOwned, CompanyB),
        ["/api/v1/interaction-matrix/companies/{id}/export.xlsx"] = new(Kind.CompanyOwned, CompanyB),
        ["/api/v1/interaction-matrix/rows/{id}"] = new(Kind.CompanyOwned, MatrixRowOfCompanyBAsync,
            "{\"serviceId\": null, \"stage\": \"Stable\", \"activity\": \"Changes\", \"side\": \"Client\", \"letter\": \"A\", \"target\": \"ClientRole\", \"clientRole\": \"ClientExecutive\"}"),
        ["/api/v1/planned-changes/{id}"] = new(Kind.CompanyOwned, PlannedChangeOfCompanyBAsync, "{\"companyId\": null, \"what\": \"Сибирский агрохолдинг: новая ERP\"}"),
        ["/api/v1/planned-changes/{id}/status"] = new(Kind.CompanyOwned, PlannedChangeOfCompanyBAsync, "{\"status\": \"Done\"}"),
        // Issue 15: codes and regulations are SSC-wide; a client person outside the audience and not a reviewer finds none of it.
        ["/api/v1/documents/{id}"] = new(Kind.SscOnly, DocumentOfSscAsync),
        ["/api/v1/documents/{id}/versions"] = new(Kind.SscOnly, DocumentOfSscAsync),
        ["/api/v1/documents/{id}/diff"] = new(Kind.SscOnly, DocumentOfSscAsync),
        ["/api/v1/documents/{id}/acknowledge"] = new(Kind.SscOnly, DocumentOfSscAsync),
        ["/api/v1/documents/{id}/not-read"] = new(Kind.SscOnly, DocumentOfSscAsync),
        ["/api/v1/documents/{id}/remind"] = new(Kind.SscOnly, DocumentOfSscAsync),
        ["/api/v1/documents/versions/{id}"] = new(Kind.SscOnly, DocumentVersionOfSscAsync, "{\"text\": \"# Регламент\"}"),
        ["/api/v1/documents/versions/{id}/review"] = new(Kind.SscOnly, DocumentVersionOfSscAsync, "{\"reviewerIds\": []}"),
        ["/api/v1/documents/versions/{id}/comments"] = new(Kind.SscOnly, DocumentVersionOfSscAsync, "{\"text\": \"Замечание\"}"),
        ["/api/v1/documents/versions/{id}/publish"] = new(Kind.SscOnly, DocumentVersionOfSscAsync),
        ["/api/v1/documents/versions/{id}/html"] = new(Kind.SscOnly, DocumentVersionOfSscAsync),
        ["/api/v1/documents/versions/{id}/pdf"] = new(Kind.SscOnly, DocumentVersionOfSscAsync),
        ["/api/v1/documents/versions/{id}/docx"] = new(Kind.SscOnly, DocumentVersionOfSscAsync),
        ["/api/v1/me/tokens/{id}"] = new(Kind.Personal, async db =>
        {
            var userB = await db.Users.Where(u => u.Email == Demo.ClientB).Select(u => u.Id).SingleAsync();
            var token = new OneWindow.Web.Features.Auth.PersonalAccessToken { UserId = userB, Name = "B's token", TokenHash = Guid.NewGuid().ToString("N"), DisplayPrefix = "owpat_xxxx", Scopes = "read" };
            db.PersonalAccessTokens.Add(token);
            await db.SaveChangesAsync();
            return token.Id;
        }),
    };

    /// <summary>Every entity that belongs to a client company, and the API route that exposes it.</summary>
    private static async Task<Guid> DocumentOfSscAsync(AppDbContext db) => (await OneWindow.Web.Tests.Features.Documents.DocumentFixtures.SscOnlyDraftAsync(db)).DocumentId;

    private static async Task<Guid> DocumentVersionOfSscAsync(AppDbContext db) => (await OneWindow.Web.Tests.Features.Documents.DocumentFixtures.SscOnlyDraftAsync(db)).Id;

    private static readonly Dictionary<Type, string> CompanyOwnedEntities = new()
    {
        [typeof(ClientCompany)] = "/api/v1/companies/{id}",
        [typeof(ClientService)] = "/api/v1/company-services/{id}",
        [typeof(ClientAssignment)] = "/api/v1/assignments/{id}",
        [typeof(TransitionStageChange)] = "/api/v1/company-services/{id}/lifecycle",
        [typeof(TransitionChecklistTick)] = "/api/v1/company-services/{id}/lifecycle",
        [typeof(TransitionSignOff)] = "/api/v1/company-services/{id}/lifecycle",
        [typeof(AccountNote)] = "/api/v1/companies/{id}/notes",
        [typeof(AppUser)] = "/api/v1/people/{id}",
        [typeof(OneWindow.Web.Features.Tickets.Ticket)] = "/api/v1/tickets/{id}",
        // Timeline entries and messages are only reachable through their ticket.
        [typeof(OneWindow.Web.Features.Tickets.TicketEvent)] = "/api/v1/tickets/{id}",
        [typeof(OneWindow.Web.Features.Tickets.TicketMessage)] = "/api/v1/tickets/{id}",
        [typeof(OneWindow.Web.Features.Tickets.TicketWatcher)] = "/api/v1/tickets/{id}",
        [typeof(OneWindow.Web.Features.Tickets.TicketLink)] = "/api/v1/tickets/{id}/links",
        [typeof(OneWindow.Web.Features.Notifications.Notification)] = "/api/v1/notifications/{id}/read",
        [typeof(OneWindow.Web.Features.Attachments.TicketAttachment)] = "/api/v1/attachments/{id}",
        [typeof(OneWindow.Web.Features.ServiceLevels.Agreement)] = "/api/v1/agreements/{id}",
        [typeof(OneWindow.Web.Features.ServiceLevels.AgreementVersion)] = "/api/v1/agreement-versions/{id}",
        [typeof(OneWindow.Web.Features.ServiceLevels.AgreementMetric)] = "/api/v1/agreement-metrics/{id}",
        [typeof(OneWindow.Web.Features.ServiceLevels.DeadlineDelivery)] = "/api/v1/agreement-metrics/{id}/deliveries",
        [typeof(OneWindow.Web.Features.ServiceLevels.RatioFigure)] = "/api/v1/agreement-metrics/{id}/figures",
        // A ticket's clocks, their logs and alerts are only reachable through the ticket.
        [typeof(OneWindow.Web.Features.ServiceLevels.TicketClock)] = "/api/v1/tickets/{id}/clocks",
        [typeof(OneWindow.Web.Features.ServiceLevels.TicketClockEvent)] = "/api/v1/tickets/{id}/clocks",
        [typeof(OneWindow.Web.Features.ServiceLevels.ClockAlert)] = "/api/v1/tickets/{id}/clocks",
        // The log of OLA obligation reminders is not served; it belongs with its metric.
        [typeof(OneWindow.Web.Features.ServiceLevels.ObligationReminder)] = "/api/v1/agreement-metrics/{id}",
        // Ratings are read through the dashboard's rating list (SSC only, filtered by scope); cases and reviews by id.
        [typeof(OneWindow.Web.Features.Feedback.Rating)] = "/api/v1/feedback/ratings",
        [typeof(OneWindow.Web.Features.Feedback.Review)] = "/api/v1/feedback/reviews/{id}",
        [typeof(OneWindow.Web.Features.Feedback.FeedbackCase)] = "/api/v1/feedback/cases/{id}",
        // Rating invitations are read only to count survey fatigue, inside a campaign's audience preview.
        [typeof(OneWindow.Web.Features.Feedback.RatingInvitation)] = "/api/v1/surveys/{id}/audience",
        [typeof(OneWindow.Web.Features.Interaction.CompanyInteraction)] = "/api/v1/interaction-menu/items/{id}",
        [typeof(OneWindow.Web.Features.Interaction.InteractionDelivery)] = "/api/v1/interaction-menu/companies/{id}/deliveries",
        // A person's ledger and account: their own (/loyalty/me) or, for the quality manager, /loyalty/people/{id}/ledger; redemptions through approve/reject.
        [typeof(OneWindow.Web.Features.Loyalty.LoyaltyEntry)] = "/api/v1/loyalty/entries/{id}/reverse",
        [typeof(OneWindow.Web.Features.Loyalty.LoyaltyAccount)] = "/api/v1/loyalty/people/{id}/ledger",
        [typeof(OneWindow.Web.Features.Loyalty.Redemption)] = "/api/v1/loyalty/redemptions/{id}/approve",
        // Invitations and responses are read only through their campaign's counts and results.
        [typeof(OneWindow.Web.Features.Surveys.SurveyInvitation)] = "/api/v1/surveys/{id}",
        [typeof(OneWindow.Web.Features.Surveys.SurveyResponse)] = "/api/v1/surveys/{id}/results",
        [typeof(OneWindow.Web.Features.Surveys.SurveyAction)] = "/api/v1/surveys/actions/{id}",
        // A committee's covered companies are read with the committee.
        [typeof(OneWindow.Web.Features.Committees.CommitteeCompany)] = "/api/v1/committees/{id}",
        [typeof(OneWindow.Web.Features.Committees.PlannedChange)] = "/api/v1/planned-changes/{id}",
        [typeof(OneWindow.Web.Features.Documents.InteractionMatrixRow)] = "/api/v1/interaction-matrix/rows/{id}",
    };

    private const string CommitteeBody = "{\"name\": \"Комитет\", \"scope\": \"Company\", \"cadence\": \"Monthly\", \"firstDate\": \"2027-03-01\"}";

    private static async Task<Guid> JourneyMapOfCompanyBAsync(AppDbContext db) =>
        (await OneWindow.Web.Tests.Features.JourneyMaps.JourneyMapFixtures.MapOfAsync(db, await CompanyB(db))).Id;

    private const string JourneyMapBody = "{\"title\": \"Карта\", \"persona\": \"Бухгалтер\", \"serviceId\": null, \"stages\": []}";

    private static async Task<Guid> CommitteeOfCompanyBAsync(AppDbContext db) => (await OneWindow.Web.Tests.Features.Committees.CommitteeFixtures.CommitteeOfAsync(db, await CompanyB(db))).Id;

    private static async Task<Guid> CommitteeMeetingOfCompanyBAsync(AppDbContext db)
    {
        var committee = await CommitteeOfCompanyBAsync(db);
        var number = await db.Set<OneWindow.Web.Features.Committees.CommitteeMeeting>().CountAsync(m => m.CommitteeId == committee) + 1;
        var meeting = new OneWindow.Web.Features.Committees.CommitteeMeeting
        {
            CommitteeId = committee, Number = number, Date = new DateOnly(2027, 3, 1), StartsAt = new DateTimeOffset(2027, 3, 1, 4, 0, 0, TimeSpan.Zero), PeriodKey = "2027-02",
        };
        db.Set<OneWindow.Web.Features.Committees.CommitteeMeeting>().Add(meeting);
        await db.SaveChangesAsync();
        return meeting.Id;
    }

    private static async Task<Guid> CadenceProposalOfCompanyBAsync(AppDbContext db)
    {
        var proposal = new OneWindow.Web.Features.Committees.CadenceProposal
        {
            CommitteeId = await CommitteeOfCompanyBAsync(db), From = OneWindow.Core.Committees.CommitteeCadence.Monthly, To = OneWindow.Core.Committees.CommitteeCadence.Weekly,
            Reason = OneWindow.Core.Committees.CadenceReason.Stabilisation, ProposedAt = DateTimeOffset.UnixEpoch,
        };
        db.Set<OneWindow.Web.Features.Committees.CadenceProposal>().Add(proposal);
        await db.SaveChangesAsync();
        return proposal.Id;
    }

    private static async Task<Guid> SurveyAnsweredByCompanyBAsync(AppDbContext db)
    {
        var b = await CompanyB(db);
        return await db.Set<OneWindow.Web.Features.Surveys.SurveyWave>().IgnoreQueryFilters()
            .Where(w => db.Set<OneWindow.Web.Features.Surveys.SurveyResponse>().IgnoreQueryFilters().Any(r => r.WaveId == w.Id && r.CompanyId == b))
            .Select(w => w.CampaignId).FirstAsync();
    }

    /// <summary>An improvement action for company B on the demo survey's attribute (named after B, so a leak shows).</summary>
    private static async Task<Guid> SurveyActionOfCompanyBAsync(AppDbContext db)
    {
        var b = await CompanyB(db);
        var existing = await db.Set<OneWindow.Web.Features.Surveys.SurveyAction>().Where(a => a.CompanyId == b && a.FollowUpOfResponseId == null)
            .Select(a => (Guid?)a.Id).FirstOrDefaultAsync();
        if (existing is { } id)
        {
            return id;
        }

        var campaign = await SurveyAnsweredByCompanyBAsync(db);
        var wave = await db.Set<OneWindow.Web.Features.Surveys.SurveyWave>().FirstAsync(w => w.CampaignId == campaign);
        var action = new OneWindow.Web.Features.Surveys.SurveyAction
        {
            CompanyId = b, Title = "Сибирский агрохолдинг: проактивность", CampaignId = wave.CampaignId, WaveId = wave.Id, AttributeKey = "proactivity",
            SourceKind = OneWindow.Web.Features.Surveys.SurveyActionSource.Attribute, DueOn = new DateOnly(2030, 1, 1),
        };
        db.Set<OneWindow.Web.Features.Surveys.SurveyAction>().Add(action);
        await db.SaveChangesAsync();
        return action.Id;
    }

    /// <summary>A proposal on company B's interaction menu (the demo gives B chosen items; a proposal can still be answered).</summary>
    private static async Task<Guid> InteractionItemOfCompanyBAsync(AppDbContext db)
    {
        var b = await CompanyB(db);
        var item = new OneWindow.Web.Features.Interaction.CompanyInteraction
        {
            CompanyId = b,
            FormatId = await db.Set<OneWindow.Web.Features.Interaction.InteractionFormat>().Where(f => f.Key == "committee").Select(f => f.Id).SingleAsync(),
            Frequency = OneWindow.Core.Interaction.InteractionFrequency.Quarterly, Channel = OneWindow.Web.Features.Interaction.InteractionChannel.Meeting, WorkingDay = 5,
            Status = OneWindow.Web.Features.Interaction.InteractionStatus.Proposed,
        };
        db.Set<OneWindow.Web.Features.Interaction.CompanyInteraction>().Add(item);
        await db.SaveChangesAsync();
        return item.Id;
    }

    private static async Task<Guid> RedemptionOfCompanyBAsync(AppDbContext db)
    {
        var b = await CompanyB(db);
        var person = await db.Users.Where(u => u.Email == Demo.ClientB).Select(u => u.Id).SingleAsync();
        var reward = new OneWindow.Web.Features.Loyalty.Reward { NameRu = "Термос", NameEn = "Flask", Cost = 1, Stock = 0 };
        var redemption = new OneWindow.Web.Features.Loyalty.Redemption { CompanyId = b, PersonId = person, RewardId = reward.Id, Cost = 1 };
        db.Set<OneWindow.Web.Features.Loyalty.Reward>().Add(reward);
        db.Set<OneWindow.Web.Features.Loyalty.Redemption>().Add(redemption);
        db.Set<OneWindow.Web.Features.Loyalty.LoyaltyEntry>().Add(new OneWindow.Web.Features.Loyalty.LoyaltyEntry
        {
            CompanyId = b, PersonId = person, Points = -1, Kind = OneWindow.Web.Features.Loyalty.LoyaltyKind.Redemption, SourceId = redemption.Id,
        });
        await db.SaveChangesAsync();
        return redemption.Id;
    }

    /// <summary>A review earning of company B's client (a reversible entry).</summary>
    private static async Task<Guid> LoyaltyEntryOfCompanyBAsync(AppDbContext db)
    {
        var b = await CompanyB(db);
        var person = await db.Users.Where(u => u.Email == Demo.ClientB).Select(u => u.Id).SingleAsync();
        var entry = new OneWindow.Web.Features.Loyalty.LoyaltyEntry
        {
            CompanyId = b, PersonId = person, Points = 5, Kind = OneWindow.Web.Features.Loyalty.LoyaltyKind.Review, SourceId = Guid.NewGuid(), ByName = "system",
        };
        db.Set<OneWindow.Web.Features.Loyalty.LoyaltyEntry>().Add(entry);
        await db.SaveChangesAsync();
        return entry.Id;
    }

    private static async Task<Guid> CommitteeIssueOfCompanyBAsync(AppDbContext db)
    {
        var committee = await CommitteeOfCompanyBAsync(db);
        var issue = new OneWindow.Web.Features.Committees.CommitteeIssue
        {
            CommitteeId = committee, Title = "Сибирский агрохолдинг: вопрос", RaisedById = await db.Users.Where(u => u.Email == Demo.ClientB).Select(u => u.Id).SingleAsync(),
            RaisedBySide = OneWindow.Web.Features.Committees.CommitteeSide.Client,
        };
        db.Set<OneWindow.Web.Features.Committees.CommitteeIssue>().Add(issue);
        await db.SaveChangesAsync();
        return issue.Id;
    }

    private static async Task<Guid> MatrixRowOfCompanyBAsync(AppDbContext db)
    {
        var b = await CompanyB(db);
        return await db.Set<OneWindow.Web.Features.Documents.InteractionMatrixRow>().Where(r => r.CompanyId == b).Select(r => r.Id).FirstAsync();
    }

    private static async Task<Guid> PlannedChangeOfCompanyBAsync(AppDbContext db)
    {
        var change = new OneWindow.Web.Features.Committees.PlannedChange { CompanyId = await CompanyB(db), What = "Сибирский агрохолдинг: новая ERP" };
        db.Set<OneWindow.Web.Features.Committees.PlannedChange>().Add(change);
        await db.SaveChangesAsync();
        return change.Id;
    }

    private static async Task<Guid> AgreementOfCompanyBAsync(AppDbContext db) =>
        await db.Agreements.Where(a => a.CompanyId == db.Companies.Where(c => c.Name == Demo.CompanyB).Select(c => c.Id).Single()).Select(a => a.Id).FirstAsync();

    private static async Task<Guid> VersionOfCompanyBAsync(AppDbContext db)
    {
        var agreement = await AgreementOfCompanyBAsync(db);
        return await db.AgreementVersions.Where(v => v.AgreementId == agreement).Select(v => v.Id).FirstAsync();
    }

    private static async Task<Guid> MetricOfCompanyBAsync(AppDbContext db)
    {
        var version = await VersionOfCompanyBAsync(db);
        return await db.AgreementMetrics.Where(m => m.VersionId == version && m.Kind == OneWindow.Web.Features.ServiceLevels.MetricKind.MeasuredRatio).Select(m => m.Id).FirstAsync();
    }

    /// <summary>A stored attachment of company B's ticket (content written through the real store).</summary>
    private static async Task<Guid> AttachmentOfCompanyBAsync(AppDbContext db)
    {
        var ticket = await TicketFixtures.TicketOfAsync(db, await CompanyB(db));
        var existing = await db.TicketAttachments.Where(a => a.TicketId == ticket.Id).Select(a => (Guid?)a.Id).FirstOrDefaultAsync();
        if (existing is { } id)
        {
            return id;
        }

        var attachment = new OneWindow.Web.Features.Attachments.TicketAttachment
        {
            TicketId = ticket.Id,
            CompanyId = ticket.CompanyId,
            FileName = "Сибирский агрохолдинг — реестр.txt",
            ContentType = "text/plain; charset=utf-8",
            Size = 1,
            StorageKey = "2026/01/" + Guid.NewGuid().ToString("N"),
        };
        db.TicketAttachments.Add(attachment);
        await db.SaveChangesAsync();
        return attachment.Id;
    }

    /// <summary>A low rating by company B's client and its feedback case.</summary>
    private static async Task<Guid> FeedbackCaseOfCompanyBAsync(AppDbContext db)
    {
        var b = await CompanyB(db);
        var existing = await db.Set<OneWindow.Web.Features.Feedback.FeedbackCase>().Where(c => c.CompanyId == b).Select(c => (Guid?)c.Id).FirstOrDefaultAsync();
        if (existing is { } id)
        {
            return id;
        }

        var rater = await db.Users.Where(u => u.Email == Demo.ClientB).Select(u => u.Id).SingleAsync();
        var employee = await db.Users.Where(u => u.Email == Demo.Agent).Select(u => u.Id).SingleAsync();
        var rating = new OneWindow.Web.Features.Feedback.Rating
        {
            CompanyId = b, RaterId = rater, EmployeeId = employee, Scale = 5, Grade = 1, Comment = "Сибирский агрохолдинг недоволен", DedupeKey = "tenancy:" + Guid.NewGuid().ToString("N"),
        };
        var feedbackCase = new OneWindow.Web.Features.Feedback.FeedbackCase
        {
            Number = "FB-TENANCY", CompanyId = b, RatingId = rating.Id, ClientId = rater, EmployeeId = employee, Grade = 1, Scale = 5, ClientComment = rating.Comment,
        };
        db.Ratings.Add(rating);
        db.Set<OneWindow.Web.Features.Feedback.FeedbackCase>().Add(feedbackCase);
        await db.SaveChangesAsync();
        return feedbackCase.Id;
    }

    private static async Task<Guid> ReviewOfCompanyBAsync(AppDbContext db)
    {
        var b = await CompanyB(db);
        var author = await db.Users.Where(u => u.Email == Demo.ClientB).Select(u => u.Id).SingleAsync();
        var service = await db.ClientServices.Where(s => s.CompanyId == b).Select(s => s.ServiceId).FirstAsync();
        var review = new OneWindow.Web.Features.Feedback.Review
        {
            CompanyId = b, AuthorId = author, Target = OneWindow.Web.Features.Feedback.ReviewTarget.Service, TargetId = service, Grade = 2,
            Title = "Сибирский агрохолдинг: отзыв", Body = "Сибирский агрохолдинг недоволен",
        };
        db.Reviews.Add(review);
        await db.SaveChangesAsync();
        return review.Id;
    }

    private static async Task<Guid> TriageItemOfCompanyBAsync(AppDbContext db)
    {
        var item = new OneWindow.Web.Features.Mail.InboundEmail
        {
            MessageId = Guid.NewGuid().ToString("N") + "@sib-agro.demo",
            FromAddress = Demo.ClientB,
            Subject = "Сибирский агрохолдинг: вопрос",
            Outcome = OneWindow.Web.Features.Mail.InboundOutcome.Triage,
            CompanyId = await CompanyB(db),
        };
        db.InboundEmails.Add(item);
        await db.SaveChangesAsync();
        return item.Id;
    }

    private List<(string Template, string Method)> ApiRoutes()
    {
        var source = app.Services.GetRequiredService<EndpointDataSource>();
        return [.. source.Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText?.StartsWith("/api/v1", StringComparison.Ordinal) == true)
            .SelectMany(e => (e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? ["GET"]).Select(m => (Normalise(e.RoutePattern.RawText!), m)))];
    }

    private static string Normalise(string template) =>
        System.Text.RegularExpressions.Regex.Replace(template.TrimEnd('/'), @"\{(\w+)(:[^}]*)?\}", "{$1}");

    [Fact]
    public void Every_api_route_with_an_id_is_classified()
    {
        var unknown = ApiRoutes().Select(r => r.Template).Where(t => t.Contains('{', StringComparison.Ordinal) && !Routes.ContainsKey(t)).Distinct().ToList();
        Assert.True(unknown.Count == 0, "Classify these routes in TenancyTests.Routes: " + string.Join(", ", unknown));
        var missing = Routes.Keys.Where(k => !ApiRoutes().Any(r => r.Template == k)).ToList();
        Assert.True(missing.Count == 0, "Routes listed but not mapped: " + string.Join(", ", missing));
    }

    [Fact]
    public async Task Every_company_owned_entity_has_a_query_filter_and_an_api_route()
    {
        var types = await app.WithDbAsync(db => Task.FromResult(db.Model.GetEntityTypes().ToList()));
        var owned = types.Where(t => typeof(ICompanyOwned).IsAssignableFrom(t.ClrType)).Select(t => t.ClrType).ToList();
        foreach (var type in owned.Append(typeof(ClientCompany)).Append(typeof(AppUser)))
        {
            Assert.True(CompanyOwnedEntities.ContainsKey(type), $"{type.Name} belongs to a company: add it to CompanyOwnedEntities and test its route");
            Assert.NotEmpty(types.Single(t => t.ClrType == type).GetDeclaredQueryFilters());
        }
    }

    [Fact]
    public async Task A_client_user_gets_403_or_404_for_every_resource_of_another_company() =>
        await AssertNoResourceOfCompanyBAsync(await app.ClientForAsync(Demo.ClientA));

    /// <summary>
    /// The isolation matrix (issue 11): every role that does not serve company B — client people of A, a CSM with current
    /// assignments elsewhere, one whose assignment to B has ended, one bound to a service of A, the demo Delivery Lead
    /// (bound to services of two other companies) — gets 403 or 404 for every classified route with B's ids, and lists
    /// that never name B. Routes are enumerated from the app, so a new one cannot be forgotten.
    /// </summary>
    [Theory]
    [InlineData("client-user")]
    [InlineData("client-executive")]
    [InlineData("csm-current")]
    [InlineData("csm-ended")]
    [InlineData("csm-service-bound")]
    [InlineData("delivery-lead")]
    public async Task Roles_that_do_not_serve_a_company_get_none_of_its_resources(string role)
    {
        var email = await ActorAsync(role);
        var client = await app.ClientForAsync(email);
        await AssertNoResourceOfCompanyBAsync(client, role.StartsWith("client", StringComparison.Ordinal) ? null : email);
        await AssertListsNeverNameCompanyBAsync(client);
    }

    /// <summary>
    /// The other half of the matrix: staff who serve every company read B's resources with a documented answer (never a
    /// 5xx), and every write their role is not entitled to is refused with 403 — decided by the endpoint's own policies,
    /// so a route whose policy is missing shows up as an unexpected 2xx.
    /// </summary>
    [Theory]
    [InlineData(Demo.Agent)]
    [InlineData(Demo.TeamLead)]
    [InlineData(Demo.Quality)]
    [InlineData(Demo.Admin)]
    public async Task Staff_who_serve_every_company_get_documented_answers_and_403_where_their_role_is_not_entitled(string email)
    {
        var client = await app.ClientForAsync(email);
        var documented = await DocumentedStatusesAsync(client);
        await using var scope = app.Services.CreateAsyncScope();
        var principal = await PrincipalOfAsync(scope.ServiceProvider, email);
        var authorization = scope.ServiceProvider.GetRequiredService<Microsoft.AspNetCore.Authorization.IAuthorizationService>();
        var endpoints = app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText?.StartsWith("/api/v1", StringComparison.Ordinal) == true).ToList();
        var checkedCount = 0;
        foreach (var endpoint in endpoints)
        {
            var template = Normalise(endpoint.RoutePattern.RawText!);
            if (!Routes.TryGetValue(template, out var resource))
            {
                continue;
            }

            foreach (var method in endpoint.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? ["GET"])
            {
                var policies = endpoint.Metadata.GetOrderedMetadata<Microsoft.AspNetCore.Authorization.IAuthorizeData>().Select(a => a.Policy).OfType<string>().Distinct();
                var entitled = true;
                foreach (var policy in policies)
                {
                    entitled &= (await authorization.AuthorizeAsync(principal, null, policy)).Succeeded;
                }

                if (method != "GET" && entitled)
                {
                    // An entitled write changes company B's data for real; whether it may is the role's business, not isolation's.
                    continue;
                }

                var id = await app.WithDbAsync(resource.IdOfCompanyB);
                var url = System.Text.RegularExpressions.Regex.Replace(template.Replace("{id}", id, StringComparison.Ordinal), @"\{\w+\}", Guid.NewGuid().ToString());
                using var request = new HttpRequestMessage(new HttpMethod(method), url);
                request.Headers.TryAddWithoutValidation("If-Match", "*");
                if (method is "POST" or "PUT" or "PATCH")
                {
                    request.Content = new StringContent(resource.WriteBody, Encoding.UTF8, "application/json");
                }

                using var response = await client.SendAsync(request);
                var status = (int)response.StatusCode;
                var body = await response.Content.ReadAsStringAsync();
                Assert.True(status < 500, $"{email} {method} {template}: {status} {body}");
                if (!entitled)
                {
                    Assert.True(status == 403, $"{email} {method} {template}: not entitled by its policies, expected 403, got {status}: {body}");
                }
                else
                {
                    Assert.True(documented.TryGetValue((method, template), out var codes), $"{method} {template} is not in the OpenAPI document");
                    Assert.True(codes.Contains(status.ToString(System.Globalization.CultureInfo.InvariantCulture)),
                        $"{email} {method} {template}: {status} is not among the documented answers [{string.Join(", ", codes)}]: {body}");
                }

                checkedCount++;
            }
        }

        Assert.True(checkedCount > 0);
    }

    /// <summary>The response codes the OpenAPI document gives each operation.</summary>
    private static async Task<Dictionary<(string Method, string Template), HashSet<string>>> DocumentedStatusesAsync(HttpClient client)
    {
        var document = await client.GetFromJsonAsync<JsonElement>("/openapi/v1.json");
        var result = new Dictionary<(string, string), HashSet<string>>();
        foreach (var path in document.GetProperty("paths").EnumerateObject())
        {
            foreach (var operation in path.Value.EnumerateObject().Where(o => o.Value.ValueKind == JsonValueKind.Object && o.Value.TryGetProperty("responses", out _)))
            {
                result[(operation.Name.ToUpperInvariant(), Normalise(path.Name))] = [.. operation.Value.GetProperty("responses").EnumerateObject().Select(r => r.Name)];
            }
        }

        return result;
    }

    /// <summary>The email of a person in the given role of the matrix; those the demo lacks are made here, once.</summary>
    private async Task<string> ActorAsync(string role) => role switch
    {
        "client-user" => Demo.ClientA,
        "client-executive" => Demo.ExecutiveA,
        // Assigned to three other companies, never to B.
        "csm-current" => "csm2@onewindow.demo",
        "delivery-lead" => Demo.DeliveryLead,
        "csm-ended" => await PersonWithAssignmentsAsync("csm-ended@onewindow.demo", (db, today) =>
        [
            new ClientAssignment { CompanyId = db.Companies.Single(c => c.Name == Demo.CompanyB).Id, Role = AssignmentRole.ClientSuccessManager, StartsOn = today.AddDays(-90), EndsOn = today.AddDays(-2) },
            new ClientAssignment { CompanyId = db.Companies.Single(c => c.Name == Demo.CompanyA).Id, Role = AssignmentRole.ClientSuccessManager, StartsOn = today.AddDays(-90) },
        ]),
        "csm-service-bound" => await PersonWithAssignmentsAsync("csm-bound@onewindow.demo", (db, today) =>
        [
            new ClientAssignment
            {
                CompanyId = db.Companies.Single(c => c.Name == Demo.CompanyA).Id, Role = AssignmentRole.ClientSuccessManager, StartsOn = today.AddDays(-90),
                ServiceId = db.ClientServices.Where(s => s.Company!.Name == Demo.CompanyA).Select(s => s.ServiceId).First(),
            },
        ]),
        _ => throw new ArgumentOutOfRangeException(nameof(role)),
    };

    private static readonly SemaphoreSlim MakingPeople = new(1, 1);

    private async Task<string> PersonWithAssignmentsAsync(string email, Func<AppDbContext, DateOnly, ClientAssignment[]> assignments)
    {
        await MakingPeople.WaitAsync();
        try
        {
            await app.WithDbAsync(async db =>
            {
                if (await db.Users.AnyAsync(u => u.Email == email))
                {
                    return 0;
                }

                await using var scope = app.Services.CreateAsyncScope();
                var users = scope.ServiceProvider.GetRequiredService<Microsoft.AspNetCore.Identity.UserManager<AppUser>>();
                var person = new AppUser { UserName = email, Email = email, FullName = "Проверка изоляции", IsActive = true, EmailConfirmed = true };
                Assert.True((await users.CreateAsync(person, OneWindow.Web.Features.Shell.DemoData.Password)).Succeeded);
                Assert.True((await users.AddToRoleAsync(person, OneWindow.Core.Identity.Roles.ClientSuccessManager)).Succeeded);
                var rows = assignments(db, DateOnly.FromDateTime(db.Clock.GetUtcNow().UtcDateTime));
                foreach (var row in rows)
                {
                    row.UserId = person.Id;
                }

                db.ClientAssignments.AddRange(rows);
                return await db.SaveChangesAsync();
            });
        }
        finally
        {
            MakingPeople.Release();
        }

        return email;
    }

    /// <summary>
    /// Company B's resources answer 403 or 404. For SSC people (<paramref name="sscEmail"/>), SSC-internal resources
    /// (holdings, teams, calendars…) are not company data: reading them is fine and a write answers 403 unless the
    /// endpoint's own policies entitle the role — but nothing they read may name company B.
    /// </summary>
    private async Task AssertNoResourceOfCompanyBAsync(HttpClient client, string? sscEmail = null)
    {
        var secrets = await SecretsOfCompanyBAsync();
        await using var scope = app.Services.CreateAsyncScope();
        var principal = sscEmail is null ? null : await PrincipalOfAsync(scope.ServiceProvider, sscEmail);
        var authorization = scope.ServiceProvider.GetRequiredService<Microsoft.AspNetCore.Authorization.IAuthorizationService>();
        var policiesOf = app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText?.StartsWith("/api/v1", StringComparison.Ordinal) == true)
            .SelectMany(e => (e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? ["GET"]).Select(m => (Key: (Normalise(e.RoutePattern.RawText!), m), Endpoint: e)))
            .GroupBy(x => x.Key).ToDictionary(g => g.Key, g => g.SelectMany(x => x.Endpoint.Metadata.GetOrderedMetadata<Microsoft.AspNetCore.Authorization.IAuthorizeData>())
                .Select(a => a.Policy).OfType<string>().Distinct().ToList());
        var checkedCount = 0;
        var failures = new List<string>();
        void Check(bool condition, string message)
        {
            if (!condition)
            {
                failures.Add(message);
            }
        }

        foreach (var (template, method) in ApiRoutes().Where(r => Routes.ContainsKey(r.Template)).Distinct())
        {
            var resource = Routes[template];
            var id = await app.WithDbAsync(resource.IdOfCompanyB);
            // Secondary parameters (e.g. {userId}) get a well-formed id so the route matches and authorisation is reached.
            var url = System.Text.RegularExpressions.Regex.Replace(template.Replace("{id}", id, StringComparison.Ordinal), @"\{\w+\}", Guid.NewGuid().ToString());
            var request = new HttpRequestMessage(new HttpMethod(method), url);
            request.Headers.TryAddWithoutValidation("If-Match", "*");
            if (method is "POST" or "PUT" or "PATCH")
            {
                request.Content = new StringContent(resource.WriteBody, Encoding.UTF8, "application/json");
            }

            var response = await client.SendAsync(request);
            // The problem's "instance" echoes the URL the caller sent; that id is theirs to know, not leaked data.
            var body = (await response.Content.ReadAsStringAsync()).Replace(url, "", StringComparison.Ordinal);
            var status = (int)response.StatusCode;
            if (resource.Kind == Kind.SharedReadable && method == "GET")
            {
                Check(status == 200, $"{method} {template}: shared reference data should read 200, got {status}");
            }
            // Request types are the catalogue's: narrowed for clients to the services their company receives, the SSC's to read.
            else if (principal is not null && (resource.Kind == Kind.SscOnly || template == "/api/v1/request-types/{id}"))
            {
                var entitled = true;
                foreach (var policy in policiesOf[(template, method)])
                {
                    entitled &= (await authorization.AuthorizeAsync(principal, null, policy)).Succeeded;
                }

                Check(status < 500 && (entitled || status == 403), $"{sscEmail} {method} {template}: entitled={entitled}, got {status}: {body}");
            }
            else
            {
                Check(status is 403 or 404, $"{method} {template}: expected 403/404 for company B's resource, got {status}: {body}");
            }

            foreach (var secret in secrets)
            {
                Check(!body.Contains(secret, StringComparison.Ordinal), $"{sscEmail} {method} {template} names company B ({secret}): {body}");
            }

            checkedCount++;
        }

        Assert.True(failures.Count == 0, string.Join(Environment.NewLine, failures));
        Assert.True(checkedCount >= Routes.Count, "every classified route was exercised");
    }

    private async Task AssertListsNeverNameCompanyBAsync(HttpClient client)
    {
        var secrets = await SecretsOfCompanyBAsync();
        var b = await app.WithDbAsync(CompanyB);
        var lists = ApiRoutes().Where(r => r.Method == "GET" && !r.Template.Contains('{', StringComparison.Ordinal)).Select(r => r.Template).Distinct().ToList();
        Assert.Contains("/api/v1/companies", lists);
        foreach (var list in lists)
        {
            foreach (var url in new[] { list, $"{list}?companyId={b}", $"{list}?q=Сибирский" })
            {
                var response = await client.GetAsync(url);
                var body = await response.Content.ReadAsStringAsync();
                Assert.True((int)response.StatusCode is 200 or 403, $"GET {url}: {(int)response.StatusCode} {body}");
                foreach (var secret in secrets)
                {
                    Assert.DoesNotContain(secret, body);
                }
            }
        }
    }

    [Fact]
    public async Task Lists_never_contain_another_companys_data_even_when_filtered_for_it() =>
        await AssertListsNeverNameCompanyBAsync(await app.ClientForAsync(Demo.ClientA));

    [Fact]
    public async Task A_client_user_sees_their_own_company()
    {
        var client = await app.ClientForAsync(Demo.ClientA);
        var page = await client.GetFromJsonAsync<JsonElement>("/api/v1/companies");
        var names = page.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("name").GetString()).ToList();
        Assert.Equal([Demo.CompanyA], names);
    }

    [Fact]
    public async Task A_csm_sees_only_the_companies_assigned_to_them()
    {
        var client = await app.ClientForAsync(Demo.Csm);
        var page = await client.GetFromJsonAsync<JsonElement>("/api/v1/companies?sort=name");
        var names = page.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("name").GetString()).ToList();
        Assert.Equal([Demo.CompanyB, Demo.CompanyA], names);
        var agent = await app.ClientForAsync(Demo.Agent);
        Assert.True((await agent.GetFromJsonAsync<JsonElement>("/api/v1/companies")).GetProperty("total").GetInt32() >= 5);
    }

    [Fact]
    public async Task A_csm_sees_a_company_only_while_the_assignment_is_in_force()
    {
        // Issue 11, item 2: an ended assignment (and one not yet begun) gives no access; dates are the company's days.
        var email = $"csm-{Guid.NewGuid():N}@onewindow.demo";
        await app.WithDbAsync(async db =>
        {
            await using var scope = app.Services.CreateAsyncScope();
            var users = scope.ServiceProvider.GetRequiredService<Microsoft.AspNetCore.Identity.UserManager<AppUser>>();
            var person = new AppUser { UserName = email, Email = email, FullName = "Сменный CSM", IsActive = true, EmailConfirmed = true };
            Assert.True((await users.CreateAsync(person, OneWindow.Web.Features.Shell.DemoData.Password)).Succeeded);
            Assert.True((await users.AddToRoleAsync(person, OneWindow.Core.Identity.Roles.ClientSuccessManager)).Succeeded);
            var today = DateOnly.FromDateTime(db.Clock.GetUtcNow().UtcDateTime);
            var companies = await db.Companies.ToDictionaryAsync(c => c.Name, c => c.Id);
            db.ClientAssignments.AddRange(
                new ClientAssignment { CompanyId = companies[Demo.CompanyA], UserId = person.Id, Role = AssignmentRole.ClientSuccessManager, StartsOn = today.AddDays(-30) },
                new ClientAssignment { CompanyId = companies[Demo.CompanyB], UserId = person.Id, Role = AssignmentRole.ClientSuccessManager, StartsOn = today.AddDays(-30), EndsOn = today.AddDays(-2) },
                new ClientAssignment { CompanyId = companies["ООО «Дальневосточная логистика»"], UserId = person.Id, Role = AssignmentRole.ClientSuccessManager, StartsOn = today.AddDays(2) });
            await db.SaveChangesAsync();
            return person.Id;
        });

        var csm = await app.ClientForAsync(email);
        var page = await csm.GetFromJsonAsync<JsonElement>("/api/v1/companies?sort=name");
        Assert.Equal([Demo.CompanyA], page.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("name").GetString()).ToList());
        var ticketOfB = await app.WithDbAsync(async db => (await TicketFixtures.TicketOfAsync(db, await CompanyB(db))).Id);
        await HttpAssert.ProblemAsync(await csm.GetAsync($"/api/v1/tickets/{ticketOfB}"), 404);
    }

    [Fact]
    public async Task A_delivery_lead_assigned_for_one_service_sees_that_services_tickets_agreements_and_report_items_only()
    {
        // Issue 11, item 2: an assignment bound to a service scopes the company to that service.
        var email = $"dl-{Guid.NewGuid():N}@onewindow.demo";
        var (company, mine, other) = await app.WithDbAsync(async db =>
        {
            var companyId = await db.Companies.Where(c => c.Name == Demo.CompanyA).Select(c => c.Id).SingleAsync();
            // The company's two services with the most measured tickets: one is the lead's, the other is not.
            var services = await db.TicketClocks.Where(c => c.CompanyId == companyId && c.ServiceId != null)
                .GroupBy(c => c.ServiceId!.Value).OrderByDescending(g => g.Count()).Select(g => g.Key).Take(2).ToListAsync();
            Assert.Equal(2, services.Count);
            await using var scope = app.Services.CreateAsyncScope();
            var users = scope.ServiceProvider.GetRequiredService<Microsoft.AspNetCore.Identity.UserManager<AppUser>>();
            var person = new AppUser { UserName = email, Email = email, FullName = "Руководитель перехода", IsActive = true, EmailConfirmed = true };
            Assert.True((await users.CreateAsync(person, OneWindow.Web.Features.Shell.DemoData.Password)).Succeeded);
            Assert.True((await users.AddToRoleAsync(person, OneWindow.Core.Identity.Roles.DeliveryLead)).Succeeded);
            var today = DateOnly.FromDateTime(db.Clock.GetUtcNow().UtcDateTime);
            db.ClientAssignments.Add(new ClientAssignment { CompanyId = companyId, ServiceId = services[0], UserId = person.Id, Role = AssignmentRole.DeliveryLead, StartsOn = today.AddDays(-400) });
            var otherAgreement = new OneWindow.Web.Features.ServiceLevels.Agreement { CompanyId = companyId, ServiceId = services[1], Name = "Соглашение по другой услуге" };
            var otherVersion = new OneWindow.Web.Features.ServiceLevels.AgreementVersion { AgreementId = otherAgreement.Id, CompanyId = companyId, Number = 1, ValidFrom = today };
            db.Agreements.Add(otherAgreement);
            db.AgreementVersions.Add(otherVersion);
            db.AgreementMetrics.Add(new OneWindow.Web.Features.ServiceLevels.AgreementMetric
            {
                VersionId = otherVersion.Id, CompanyId = companyId, Name = "Доля платежей в срок", Kind = OneWindow.Web.Features.ServiceLevels.MetricKind.MeasuredRatio,
            });
            await db.SaveChangesAsync();
            return (companyId, services[0], services[1]);
        });

        var lead = await app.ClientForAsync(email);
        var agent = await app.ClientForAsync(Demo.Agent);
        var (mineTicket, otherTicket) = await app.WithDbAsync(async db => (
            await db.Tickets.Where(t => t.CompanyId == company && t.ServiceId == mine).Select(t => t.Id).FirstAsync(),
            await db.Tickets.Where(t => t.CompanyId == company && t.ServiceId == other).Select(t => t.Id).FirstAsync()));
        Assert.Equal(HttpStatusCode.OK, (await lead.GetAsync($"/api/v1/tickets/{mineTicket}")).StatusCode);
        await HttpAssert.ProblemAsync(await lead.GetAsync($"/api/v1/tickets/{otherTicket}"), 404);
        await HttpAssert.ProblemAsync(await lead.GetAsync($"/api/v1/tickets/{otherTicket}/clocks"), 404);
        await HttpAssert.ProblemAsync(await lead.PostAsJsonAsync($"/api/v1/tickets/{otherTicket}/messages", new { kind = "InternalNote", body = "не моя услуга" }), 404);

        // The company's ticket list: only the lead's service (the agent's shows both).
        var listed = await lead.GetFromJsonAsync<JsonElement>($"/api/v1/tickets?companyId={company}&pageSize=200");
        var listedIds = listed.GetProperty("items").EnumerateArray().Select(i => Guid.Parse(i.GetProperty("id").GetString()!)).ToList();
        Assert.NotEmpty(listedIds);
        var services = await app.WithDbAsync(db => db.Tickets.Where(t => listedIds.Contains(t.Id)).Select(t => t.ServiceId).Distinct().ToListAsync());
        Assert.Equal([mine], services);

        // Agreements: the service's own and those for every service, never the other service's.
        var agreements = (await lead.GetFromJsonAsync<JsonElement>("/api/v1/agreements")).EnumerateArray()
            .Where(a => a.GetProperty("companyId").GetGuid() == company).Select(a => a.GetProperty("serviceId").ValueKind == JsonValueKind.String ? Guid.Parse(a.GetProperty("serviceId").GetString()!) : (Guid?)null).ToList();
        Assert.DoesNotContain(other, agreements.OfType<Guid>());
        Assert.NotEmpty(agreements);
        var agentsAgreements = (await agent.GetFromJsonAsync<JsonElement>("/api/v1/agreements")).EnumerateArray()
            .Where(a => a.GetProperty("companyId").GetGuid() == company && a.GetProperty("serviceId").ValueKind == JsonValueKind.String)
            .Select(a => a.GetProperty("serviceId").GetGuid()).ToList();
        Assert.Contains(other, agentsAgreements);

        // The other service's agreement is not reachable through its children either.
        var (versionId, metricId) = await app.WithDbAsync(async db =>
        {
            var version = await db.AgreementVersions.Where(v => v.Agreement!.CompanyId == company && v.Agreement.ServiceId == other).Select(v => v.Id).FirstAsync();
            return (version, await db.AgreementMetrics.Where(m => m.VersionId == version).Select(m => m.Id).FirstAsync());
        });
        Assert.Equal(HttpStatusCode.OK, (await agent.GetAsync($"/api/v1/agreement-versions/{versionId}")).StatusCode);
        await HttpAssert.ProblemAsync(await lead.GetAsync($"/api/v1/agreement-versions/{versionId}"), 404);
        await HttpAssert.ProblemAsync(await lead.GetAsync($"/api/v1/agreement-metrics/{metricId}/figures"), 404);

        // Report items of a month with both services' clocks: the agent sees the other service's, the lead does not.
        var month = await app.WithDbAsync(db => db.TicketClocks.Where(c => c.CompanyId == company && c.ServiceId == other && c.StoppedAt != null)
            .OrderByDescending(c => c.StoppedAt).Select(c => c.StoppedAt!.Value).FirstAsync());
        var period = month.ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture);
        async Task<List<Guid?>> ItemServicesAsync(HttpClient who)
        {
            var items = await who.GetFromJsonAsync<JsonElement>($"/api/v1/service-levels/report/items?period={period}&companyId={company}&pageSize=200");
            var ids = items.GetProperty("items").EnumerateArray().Where(i => i.TryGetProperty("ticketId", out var t) && t.ValueKind == JsonValueKind.String)
                .Select(i => Guid.Parse(i.GetProperty("ticketId").GetString()!)).ToList();
            return await app.WithDbAsync(db => db.Tickets.IgnoreQueryFilters().Where(t => ids.Contains(t.Id)).Select(t => t.ServiceId).Distinct().ToListAsync());
        }

        Assert.Contains(other, await ItemServicesAsync(agent));
        Assert.DoesNotContain(other, await ItemServicesAsync(lead));
    }

    [Fact]
    public async Task Saving_data_of_another_company_is_refused_by_the_data_layer_itself()
    {
        await using var scope = app.Services.CreateAsyncScope();
        var actor = scope.ServiceProvider.GetRequiredService<OneWindow.Web.Data.Tenancy.CurrentActor>();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var principal = await PrincipalOfAsync(scope.ServiceProvider, Demo.ClientA);
        await actor.EstablishAsync(principal, db);
        var b = await app.WithDbAsync(CompanyB);
        var service = await app.WithDbAsync(d => d.Services.Select(s => s.Id).FirstAsync());
        db.ClientServices.Add(new ClientService { CompanyId = b, ServiceId = service, StartsOn = new DateOnly(2026, 1, 1) });
        await Assert.ThrowsAsync<TenancyViolationException>(() => db.SaveChangesAsync());
        Assert.Null(await db.Companies.FirstOrDefaultAsync(c => c.Id == b));
    }

    private static async Task<System.Security.Claims.ClaimsPrincipal> PrincipalOfAsync(IServiceProvider services, string email)
    {
        var users = services.GetRequiredService<Microsoft.AspNetCore.Identity.UserManager<AppUser>>();
        var factory = services.GetRequiredService<Microsoft.AspNetCore.Identity.IUserClaimsPrincipalFactory<AppUser>>();
        return await factory.CreateAsync((await users.FindByEmailAsync(email))!);
    }

    private async Task<List<string>> SecretsOfCompanyBAsync() => await app.WithDbAsync(async db =>
    {
        var b = await CompanyB(db);
        var people = await db.Users.Where(u => u.CompanyId == b).Select(u => u.Email!).ToListAsync();
        var ticket = await TicketFixtures.TicketOfAsync(db, b);
        return (List<string>)[b.ToString(), Demo.CompanyB, "Сибирский агрохолдинг", ticket.Number, ticket.Subject, .. people];
    });
}
