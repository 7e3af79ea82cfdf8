using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Mvc.Testing.Handlers;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace OneWindow.Web.Tests.Infrastructure;

/// <summary>The application; <see cref="Second"/> starts another instance on the same database, as a second node behind a load balancer.</summary>
public sealed class TwoInstanceFactory : OneWindowFactory
{
    public TwoInstanceFactory()
    {
    }

    private TwoInstanceFactory(OneWindowFactory primary)
        : base(primary)
    {
    }

    public TwoInstanceFactory Second() => new(this);
}

/// <summary>
/// Scale-out: two instances on one database serve the same person. Sessions and tokens are protected by Data
/// Protection keys kept in the database, so a cookie or a bearer token issued by one instance is honoured by the other.
/// </summary>
public sealed class TwoInstanceTests(TwoInstanceFactory first) : IClassFixture<TwoInstanceFactory>
{
    [Fact]
    public async Task A_cookie_a_bearer_token_and_a_personal_access_token_issued_by_one_instance_work_on_the_other()
    {
        await using var second = first.Second();

        // The browser's cookie jar, shared by the two nodes as a load balancer without affinity would make it.
        var jar = new System.Net.CookieContainer();
        var onFirst = first.CreateDefaultClient(new Uri("http://localhost"), new CookieContainerHandler(jar));
        var onSecond = second.CreateDefaultClient(new Uri("http://localhost"), new CookieContainerHandler(jar));
        Assert.Equal(HttpStatusCode.Unauthorized, (await onSecond.GetAsync("/api/v1/me")).StatusCode);
        await OneWindowFactory.SignInAsync(onFirst, Demo.Agent);
        var me = await onSecond.GetFromJsonAsync<JsonElement>("/api/v1/me");
        Assert.Equal(Demo.Agent, me.GetProperty("email").GetString());

        // A bearer token from the first instance's token endpoint.
        var bearer = await first.ClientForAsync(Demo.ClientA);
        var viaSecond = second.CreateClient();
        viaSecond.DefaultRequestHeaders.Authorization = bearer.DefaultRequestHeaders.Authorization;
        Assert.Equal(Demo.ClientA, (await viaSecond.GetFromJsonAsync<JsonElement>("/api/v1/me")).GetProperty("email").GetString());

        // A personal access token created on the first instance.
        var created = await bearer.PostAsJsonAsync("/api/v1/me/tokens", new { name = "Интеграция с 1С", scopes = new[] { "read" }, expiresInDays = 30 });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var pat = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("secret").GetString();
        var integration = second.CreateClient();
        integration.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", pat);
        Assert.Equal(HttpStatusCode.OK, (await integration.GetAsync("/api/v1/tickets")).StatusCode);
    }

    [Fact]
    public async Task A_ticket_changed_through_one_instance_is_current_on_the_other()
    {
        await using var second = first.Second();
        var client = await first.ClientForAsync(Demo.ClientA);
        var types = (await client.GetFromJsonAsync<JsonElement>("/api/v1/request-types")).GetProperty("items");
        var type = types.EnumerateArray().First(t => t.GetProperty("fields").GetArrayLength() == 0).GetProperty("id").GetGuid();
        var created = await client.PostAsJsonAsync("/api/v1/tickets", new { requestTypeId = type, subject = "Заявка через первый узел", description = "Проверка двух экземпляров" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var ticket = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("summary");
        var id = ticket.GetProperty("id").GetGuid();

        // The second instance numbers from the same sequence: its ticket follows, never collides.
        var otherClient = second.CreateClient();
        otherClient.DefaultRequestHeaders.Authorization = client.DefaultRequestHeaders.Authorization;
        var next = await otherClient.PostAsJsonAsync("/api/v1/tickets", new { requestTypeId = type, subject = "Заявка через второй узел", description = "Проверка двух экземпляров" });
        Assert.Equal(HttpStatusCode.Created, next.StatusCode);
        var numbers = new[] { ticket.GetProperty("number").GetString()!, (await next.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("summary").GetProperty("number").GetString()! };
        Assert.True(string.CompareOrdinal(numbers[0], numbers[1]) < 0, $"{numbers[0]} then {numbers[1]}");

        // An agent's reply through the second instance is what the first instance answers at once.
        var agentOnSecond = second.CreateClient();
        agentOnSecond.DefaultRequestHeaders.Authorization = (await first.ClientForAsync(Demo.Agent)).DefaultRequestHeaders.Authorization;
        var reply = await agentOnSecond.PostAsJsonAsync($"/api/v1/tickets/{id}/messages", new { kind = "PublicReply", body = "Ответ со второго узла" });
        Assert.Equal(HttpStatusCode.Created, reply.StatusCode);
        var seen = await client.GetFromJsonAsync<JsonElement>($"/api/v1/tickets/{id}");
        Assert.Contains(seen.GetProperty("messages").EnumerateArray(), m => m.GetProperty("body").GetString() == "Ответ со второго узла");
    }
}

/// <summary>
/// Live updates: a committed change to a ticket is announced to the pages that show it — on the same instance at once,
/// and on PostgreSQL to the other instances through LISTEN/NOTIFY — so no page needs to poll the database.
/// </summary>
public sealed class LiveChangeTests(TwoInstanceFactory first) : IClassFixture<TwoInstanceFactory>
{
    private static async Task<Guid> TicketAsync(HttpClient client, string subject)
    {
        var types = (await client.GetFromJsonAsync<JsonElement>("/api/v1/request-types")).GetProperty("items");
        var type = types.EnumerateArray().First(t => t.GetProperty("fields").GetArrayLength() == 0).GetProperty("id").GetGuid();
        var created = await client.PostAsJsonAsync("/api/v1/tickets", new { requestTypeId = type, subject, description = "Проверка живых обновлений" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        return (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("summary").GetProperty("id").GetGuid();
    }

    /// <summary>Counts the announcements of a topic on one instance.</summary>
    private sealed class Listener : IDisposable
    {
        private readonly IDisposable subscription;
        private TaskCompletionSource heard = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Listener(OneWindowFactory instance, string topic) =>
            subscription = instance.Services.GetRequiredService<Web.Infrastructure.Live.LiveChanges>().Subscribe(topic, () =>
            {
                heard.TrySetResult();
                return Task.CompletedTask;
            });

        public async Task<bool> HeardWithinAsync(TimeSpan timeout)
        {
            var done = await Task.WhenAny(heard.Task, Task.Delay(timeout));
            var result = done == heard.Task;
            heard = new(TaskCreationOptions.RunContinuationsAsynchronously);
            return result;
        }

        public void Dispose() => subscription.Dispose();
    }

    [Fact]
    public async Task A_reply_is_announced_on_the_instance_that_saved_it_and_on_postgresql_on_the_other_too()
    {
        await using var second = first.Second();
        var client = await first.ClientForAsync(Demo.ClientA);
        var id = await TicketAsync(client, "Живое обновление");
        var topic = Web.Features.Tickets.TicketLive.Topic(id);
        using var onFirst = new Listener(first, topic);
        using var onSecond = new Listener(second, topic);
        using var elsewhere = new Listener(first, Web.Features.Tickets.TicketLive.Topic(Guid.NewGuid()));
        foreach (var instance in new OneWindowFactory[] { first, second })
        {
            await instance.Services.GetRequiredService<Web.Infrastructure.Live.LiveChanges>().Listening.WaitAsync(TimeSpan.FromSeconds(20));
        }

        var agent = await first.ClientForAsync(Demo.Agent);
        var reply = await agent.PostAsJsonAsync($"/api/v1/tickets/{id}/messages", new { kind = "PublicReply", body = "Ответ, который видят все узлы" });
        Assert.Equal(HttpStatusCode.Created, reply.StatusCode);

        Assert.True(await onFirst.HeardWithinAsync(TimeSpan.FromSeconds(10)), "the saving instance announces the change");
        if (OneWindowFactory.Provider == "Postgres")
        {
            // Well under the pages' 60-second safety check: this is the LISTEN/NOTIFY path.
            Assert.True(await onSecond.HeardWithinAsync(TimeSpan.FromSeconds(10)), "the other instance hears it through PostgreSQL");
        }

        Assert.False(await elsewhere.HeardWithinAsync(TimeSpan.FromMilliseconds(200)), "other tickets' pages are not disturbed");
    }

    [Fact]
    public async Task A_past_clock_changed_on_one_instance_moves_the_settled_report_counts_cached_on_the_other()
    {
        await using var second = first.Second();
        foreach (var instance in new OneWindowFactory[] { first, second })
        {
            await instance.Services.GetRequiredService<Web.Infrastructure.Live.LiveChanges>().Listening.WaitAsync(TimeSpan.FromSeconds(20));
        }

        // The month before last is settled: the second instance counts it once and keeps the counts.
        var now = first.Services.GetRequiredService<TimeProvider>().GetUtcNow();
        var month = new DateTimeOffset(now.Year, now.Month, 15, 12, 0, 0, TimeSpan.Zero).AddMonths(-2);
        var period = month.ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture);
        var quality = await second.ClientForAsync(Demo.Quality);
        var qualityOnFirst = await first.ClientForAsync(Demo.Quality);
        async Task<int> MetAsync(Guid metric, HttpClient? client = null)
        {
            var report = await (client ?? quality).GetFromJsonAsync<JsonElement>("/api/v1/service-levels/report?period=" + period);
            return report.GetProperty("rows").EnumerateArray().SelectMany(r => r.GetProperty("metrics").EnumerateArray())
                .Where(m => m.GetProperty("metricId").GetGuid() == metric).Sum(m => m.GetProperty("met").GetInt32());
        }

        var clock = await first.WithDbAsync(db => db.TicketClocks.AsNoTracking().OrderBy(c => c.Id).FirstAsync());
        var before = await MetAsync(clock.MetricId);
        Assert.Equal(before, await MetAsync(clock.MetricId, qualityOnFirst));

        // The first instance saves a clock met in the middle of that month; the second hears of it through PostgreSQL and counts again.
        await first.WithDbAsync(async db =>
        {
            var row = await db.TicketClocks.SingleAsync(c => c.Id == clock.Id);
            row.State = Core.ServiceLevels.ClockState.Met;
            row.StoppedAt = month;
            row.BreachedAt = null;
            return await db.SaveChangesAsync();
        });
        Assert.Equal(before + 1, await MetAsync(clock.MetricId, qualityOnFirst));
        if (OneWindowFactory.Provider == "Postgres")
        {
            var waited = System.Diagnostics.Stopwatch.StartNew();
            var after = before;
            while (after == before && waited.Elapsed < TimeSpan.FromSeconds(10))
            {
                await Task.Delay(100);
                after = await MetAsync(clock.MetricId);
            }

            Assert.Equal(before + 1, after);
        }
    }

    [Fact]
    public async Task A_change_that_rolls_back_is_not_announced()
    {
        var client = await first.ClientForAsync(Demo.ClientA);
        var id = await TicketAsync(client, "Откат не объявляется");
        using var listener = new Listener(first, Web.Features.Tickets.TicketLive.Topic(id));
        var agent = await first.ClientForAsync(Demo.Agent);

        // The reply is saved inside the Idempotency-Key's transaction, which the database then refuses to commit.
        var postgres = OneWindowFactory.Provider == "Postgres";
        await first.WithDbAsync(db => db.Database.ExecuteSqlRawAsync(postgres
            ? """
              CREATE FUNCTION ow_test_refuse_live() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'simulated failure'; END $$;
              CREATE TRIGGER ow_test_refuse_live BEFORE INSERT ON "IdempotencyRecords" FOR EACH ROW EXECUTE FUNCTION ow_test_refuse_live();
              """
            : "CREATE TRIGGER ow_test_refuse_live BEFORE INSERT ON IdempotencyRecords BEGIN SELECT RAISE(ABORT, 'simulated failure'); END;"));
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/tickets/{id}/messages") { Content = JsonContent.Create(new { kind = "PublicReply", body = "Не сохранится" }) };
            request.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString());
            var refused = await agent.SendAsync(request);
            Assert.False(refused.IsSuccessStatusCode);
        }
        finally
        {
            await first.WithDbAsync(db => db.Database.ExecuteSqlRawAsync(postgres
                ? """DROP TRIGGER ow_test_refuse_live ON "IdempotencyRecords"; DROP FUNCTION ow_test_refuse_live();"""
                : "DROP TRIGGER ow_test_refuse_live;"));
        }

        Assert.False(await listener.HeardWithinAsync(TimeSpan.FromSeconds(1)), "nothing was committed, so nothing is announced");
        var after = await agent.GetFromJsonAsync<JsonElement>($"/api/v1/tickets/{id}");
        Assert.DoesNotContain(after.GetProperty("messages").EnumerateArray(), m => m.GetProperty("body").GetString() == "Не сохранится");

        var saved = await agent.PostAsJsonAsync($"/api/v1/tickets/{id}/messages", new { kind = "PublicReply", body = "Сохранится" });
        Assert.Equal(HttpStatusCode.Created, saved.StatusCode);
        Assert.True(await listener.HeardWithinAsync(TimeSpan.FromSeconds(10)));
    }
}
