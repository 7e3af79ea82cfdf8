using System.Net;
using MiniExcelLibs;
using OneWindow.Core.ServiceLevels;
using OneWindow.Web.Features.ServiceLevels;
using OneWindow.Web.Features.ServiceLevels.Reports;
using OneWindow.Web.Infrastructure.Api;
using OneWindow.Web.Tests.Infrastructure;

namespace OneWindow.Web.Tests.Features.ServiceLevels;

/// <summary>The counting rules of docs/service-levels.md, through the API, on the scenario of <see cref="ServiceLevelScenario"/>.</summary>
public class ServiceLevelReportTests(ServiceLevelFactory app) : IClassFixture<ServiceLevelFactory>
{
    private async Task<ServiceLevelReport> ReportAsync(string period, string who = Demo.Quality, string query = "")
    {
        await app.ScenarioAsync();
        return await app.GetAsync<ServiceLevelReport>(who, $"/api/v1/service-levels/report?period={period}{query}");
    }

    private async Task<Page<ReportItem>> ItemsAsync(string period, string query, string who = Demo.Quality) =>
        await app.GetAsync<Page<ReportItem>>(who, $"/api/v1/service-levels/report/items?period={period}&pageSize=200{query}");

    /// <summary>Every page of items, gathered into one.</summary>
    private async Task<Page<ReportItem>> AllItemsAsync(string period, string query)
    {
        var items = new List<ReportItem>();
        for (var page = 1; ; page++)
        {
            var next = await ItemsAsync(period, $"{query}&page={page}");
            items.AddRange(next.Items);
            if (items.Count >= next.Total || next.Items.Count == 0)
            {
                return next with { Items = items };
            }
        }
    }

    private static MetricFigure Metric(ServiceLevelReport report, Guid metricId) =>
        Assert.Single(report.Rows.SelectMany(r => r.Metrics), m => m.MetricId == metricId);

    private static ReportRow Row(ServiceLevelReport report, Guid company, Guid? service) =>
        Assert.Single(report.Rows, r => r.CompanyId == company && r.ServiceId == service);

    [Fact]
    public async Task A_breach_of_a_ticket_still_open_counts_in_the_month_of_the_breach_only()
    {
        var s = await app.ScenarioAsync();
        var october = await ItemsAsync("2026-10", $"&metricId={s.Resolution}");
        var november = await ItemsAsync("2026-11", $"&metricId={s.Resolution}");
        var c1 = Assert.Single(october.Items, i => i.ClockId == s.Clocks["C1"]);
        Assert.Equal(ItemOutcome.Breached, c1.Outcome);
        Assert.Null(c1.StoppedAt);
        Assert.Equal(s.Tickets["C1"], c1.TicketNumber);
        Assert.Equal("Сверка УГК: C1", c1.TicketSubject);
        Assert.DoesNotContain(november.Items, i => i.ClockId == s.Clocks["C1"]);
        Assert.DoesNotContain((await ItemsAsync("2026-12", $"&metricId={s.Resolution}")).Items, i => i.ClockId == s.Clocks["C1"]);
    }

    [Fact]
    public async Task Met_clocks_count_where_they_stopped_and_pending_clocks_nowhere()
    {
        var s = await app.ScenarioAsync();
        var october = Metric(await ReportAsync("2026-10"), s.Resolution);
        Assert.Equal((2, 1, 1, 50.0), (october.Counted, october.Met, october.Breached, october.Attainment!.Value));
        var november = Metric(await ReportAsync("2026-11"), s.Resolution);
        Assert.Equal((3, 1, 2), (november.Counted, november.Met, november.Breached));
        Assert.Equal(33.33, november.Attainment);
        Assert.False(november.OnTarget);
        Assert.Contains((await ItemsAsync("2026-10", $"&metricId={s.Resolution}")).Items, i => i.ClockId == s.Clocks["C2"] && i.Outcome == ItemOutcome.Met);
        Assert.Contains((await ItemsAsync("2026-11", $"&metricId={s.Resolution}")).Items, i => i.ClockId == s.Clocks["C3"] && i.Outcome == ItemOutcome.Met);

        // C4 is running with its breach projected after now, C5 is paused before its target: pending, counted nowhere.
        var year = await ItemsAsync("2026", $"&metricId={s.Resolution}");
        Assert.Equal(5, year.Total);
        Assert.DoesNotContain(year.Items, i => i.ClockId == s.Clocks["C4"] || i.ClockId == s.Clocks["C5"]);
        Assert.DoesNotContain((await ReportAsync("2026-12")).Rows.SelectMany(r => r.Metrics), m => m.MetricId == s.Resolution);
    }

    [Fact]
    public async Task Periods_are_local_dates_of_the_clients_time_zone()
    {
        // C7 breached on 31 October at 20:00 UTC: already 1 November in Yekaterinburg.
        var s = await app.ScenarioAsync();
        Assert.DoesNotContain((await ItemsAsync("2026-10", $"&metricId={s.Resolution}")).Items, i => i.ClockId == s.Clocks["C7"]);
        Assert.Contains((await ItemsAsync("2026-11", $"&metricId={s.Resolution}")).Items, i => i.ClockId == s.Clocks["C7"] && i.Outcome == ItemOutcome.Breached);
    }

    [Fact]
    public async Task A_missing_delivery_is_a_breach_and_so_is_an_incomplete_one_where_completeness_is_required()
    {
        var s = await app.ScenarioAsync();
        var october = Assert.Single((await ItemsAsync("2026-10", $"&metricId={s.PrimaryDocsV1}")).Items);
        Assert.Equal((ItemOutcome.Met, DeliveryVerdict.OnTime, "2026-09", s.SeptemberDelivery), (october.Outcome, october.Verdict!.Value, october.DeliveryPeriod, october.DeliveryId!.Value));

        var november = Assert.Single((await ItemsAsync("2026-11", $"&metricId={s.PrimaryDocsV1}")).Items);
        Assert.Equal((ItemOutcome.Breached, DeliveryVerdict.Incomplete, s.OctoberDelivery), (november.Outcome, november.Verdict!.Value, november.DeliveryId!.Value));
        Assert.Equal("Нет актов сверки по двум поставщикам", november.Note);

        // November's documents were never delivered; they were due on working day 5 of December (the 7th), now past.
        var missing = Assert.Single((await ItemsAsync("2026-12", $"&metricId={s.PrimaryDocsV2}")).Items);
        Assert.Equal((ItemOutcome.Breached, DeliveryVerdict.Missing, "2026-11"), (missing.Outcome, missing.Verdict!.Value, missing.DeliveryPeriod));
        Assert.Null(missing.DeliveryId);
        Assert.Equal(new DateOnly(2026, 12, 7), DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(missing.DueAt!.Value, TimeZoneInfo.FindSystemTimeZoneById("Europe/Moscow")).DateTime));
        Assert.True(missing.DueAt < ServiceLevelFactory.Now);

        // The first version ended on 15 November: November was expected under the second one only, so once.
        Assert.Empty((await ItemsAsync("2026-12", $"&metricId={s.PrimaryDocsV1}")).Items);
        var december = Metric(await ReportAsync("2026-12"), s.PrimaryDocsV2);
        Assert.Equal((1, 0, 1, 0.0), (december.Counted, december.Met, december.Breached, december.Attainment!.Value));
    }

    [Fact]
    public async Task Ratio_figures_are_judged_at_least_or_at_most_their_target()
    {
        var s = await app.ScenarioAsync();
        var october = await ReportAsync("2026-10");
        var november = await ReportAsync("2026-11");
        Assert.Equal((1, 1), (Metric(october, s.Payments).Counted, Metric(october, s.Payments).Met));       // 99.7 ≥ 99.5
        Assert.Equal((1, 0), (Metric(november, s.Payments).Counted, Metric(november, s.Payments).Met));     // 99.1 < 99.5
        Assert.Equal((1, 1), (Metric(october, s.Returns).Counted, Metric(october, s.Returns).Met));         // 1.5 ≤ 2
        Assert.Equal((1, 1), (Metric(november, s.Returns).Counted, Metric(november, s.Returns).Met));       // 2.0 ≤ 2: equal meets
        Assert.Equal("≥ 99,5 %", Metric(october, s.Payments).Target);
        var item = Assert.Single((await ItemsAsync("2026-10", $"&metricId={s.Payments}")).Items);
        Assert.Equal((99.7m, 99.5m, RatioDirection.AtLeast, "2026-10", 997L), (item.Value!.Value, item.RatioTarget!.Value, item.RatioDirection!.Value, item.FigurePeriod, item.Numerator!.Value));
        // No figure, no data: the all-processes OLA ratio has none.
        Assert.Equal(0, Metric(october, s.Answers).Counted);
        Assert.Null(Metric(october, s.Answers).Attainment);
    }

    [Fact]
    public async Task The_index_weighs_sla_and_ola_by_the_version_in_force_at_the_end_of_the_period()
    {
        var s = await app.ScenarioAsync();
        var october = Row(await ReportAsync("2026-10"), s.CompanyA, s.ServiceAp);
        Assert.Equal((75.0, 100.0, 85.0), (october.SlaAttainment!.Value, october.OlaAttainment!.Value, october.Index!.Value)); // 0.6 × 75 + 0.4 × 100
        Assert.Equal((0.6, 0.4, 1), (october.SlaWeight, october.OlaWeight, october.VersionNumber!.Value));
        Assert.False(october.Renormalised);
        Assert.Empty(october.Notes);
        Assert.Equal((95.0, 100.0, 97.0), (october.SlaTarget!.Value, october.OlaTarget!.Value, october.IndexTarget!.Value)); // (90 + 100) / 2; 100; 0.6 × 95 + 0.4 × 100

        // November ends under version 2 (0.8 / 0.2); the draft version 3 (0.1 / 0.9) never counts.
        var november = Row(await ReportAsync("2026-11"), s.CompanyA, s.ServiceAp);
        Assert.Equal((16.67, 50.0, 23.33), (november.SlaAttainment!.Value, november.OlaAttainment!.Value, november.Index!.Value));
        Assert.Equal((0.8, 0.2, 2), (november.SlaWeight, november.OlaWeight, november.VersionNumber!.Value));
        Assert.Contains(november.Metrics, m => m.MetricId == s.PrimaryDocsV2 && m.Counted == 0 && m.Attainment is null);
        Assert.DoesNotContain((await ReportAsync("2026-12")).Rows.SelectMany(r => r.Metrics), m => m.Name.StartsWith("Черновик", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Without_ola_data_the_index_is_sla_attainment_alone_and_the_report_says_so()
    {
        var s = await app.ScenarioAsync();
        var general = Row(await ReportAsync("2026-10"), s.CompanyN, null);
        Assert.True(general.AllProcesses);
        Assert.Equal(75.0, general.SlaAttainment);
        Assert.Null(general.OlaAttainment);
        Assert.Equal(75.0, general.Index);
        Assert.True(general.Renormalised);
        Assert.Equal((0.5, 0.5), (general.SlaWeight, general.OlaWeight));
        Assert.Equal(1.0, general.SlaWeightUsed);
        Assert.Null(general.OlaWeightUsed);
        var note = Assert.Single(general.Notes);
        Assert.Equal("olaNoData", note.Code);
        Assert.Equal("OLA: нет данных за период — единый показатель равен выполнению SLA.", note.Text);

        // The other way round: December has only OLA data (the missing delivery) for accounts payable.
        var december = Row(await ReportAsync("2026-12"), s.CompanyA, s.ServiceAp);
        Assert.Equal((null, 0.0, 0.0), (december.SlaAttainment, december.OlaAttainment!.Value, december.Index!.Value));
        Assert.Equal("slaNoData", Assert.Single(december.Notes).Code);
        // No data at all: no index, and the note says so.
        var quiet = Row(await ReportAsync("2026-12"), s.CompanyN, null);
        Assert.Null(quiet.Index);
        Assert.Equal("noData", Assert.Single(quiet.Notes).Code);
    }

    [Fact]
    public async Task A_quarter_is_made_of_its_months_items()
    {
        var s = await app.ScenarioAsync();
        var months = new[] { await ReportAsync("2026-10"), await ReportAsync("2026-11"), await ReportAsync("2026-12") };
        var quarter = await ReportAsync("2026-Q4");
        foreach (var metric in quarter.Rows.SelectMany(r => r.Metrics))
        {
            var inMonths = months.SelectMany(m => m.Rows.SelectMany(r => r.Metrics)).Where(m => m.MetricId == metric.MetricId).ToList();
            Assert.Equal(inMonths.Sum(m => m.Counted), metric.Counted);
            Assert.Equal(inMonths.Sum(m => m.Met), metric.Met);
        }

        var ap = Row(quarter, s.CompanyA, s.ServiceAp);
        Assert.Equal((5, 2), (Metric(quarter, s.Resolution).Counted, Metric(quarter, s.Resolution).Met));
        Assert.Equal((45.0, 50.0, 46.0), (ap.SlaAttainment!.Value, ap.OlaAttainment!.Value, ap.Index!.Value)); // 0.8 × 45 + 0.2 × 50
        var year = await ReportAsync("2026");
        Assert.Equal(Metric(quarter, s.Resolution).Counted, Metric(year, s.Resolution).Counted);
    }

    [Theory]
    [InlineData("2026-10")]
    [InlineData("2026-11")]
    [InlineData("2026-12")]
    [InlineData("2026-Q4")]
    public async Task The_items_are_exactly_the_ones_behind_each_count(string period)
    {
        var report = await ReportAsync(period);
        Assert.NotEmpty(report.Rows);
        foreach (var row in report.Rows)
        {
            foreach (var metric in row.Metrics)
            {
                var all = await AllItemsAsync(period, $"&metricId={metric.MetricId}");
                Assert.Equal(metric.Counted, all.Total);
                Assert.Equal(metric.Met, all.Items.Count(i => i.Outcome == ItemOutcome.Met));
                Assert.All(all.Items, i => Assert.Equal(metric.MetricId, i.MetricId));
                Assert.Equal(all.Total, all.Items.Select(i => (i.ClockId, i.DeliveryPeriod, i.FigureId)).Distinct().Count());
                var breaches = await AllItemsAsync(period, $"&metricId={metric.MetricId}&breachesOnly=true");
                Assert.Equal(metric.Breached, breaches.Total);
                Assert.All(breaches.Items, i => Assert.Equal(ItemOutcome.Breached, i.Outcome));
            }

            // A side's figure opens to the items of that side's metrics, and the whole row to all of them.
            var service = row.ServiceId?.ToString() ?? "all";
            var sla = await ItemsAsync(period, $"&companyId={row.CompanyId}&serviceId={service}&side=Sla");
            Assert.Equal(row.Metrics.Where(m => m.Side == MetricSide.Sla).Sum(m => m.Counted), sla.Total);
            var everything = await ItemsAsync(period, $"&companyId={row.CompanyId}&serviceId={service}");
            Assert.Equal(row.Metrics.Sum(m => m.Counted), everything.Total);
        }
    }

    [Fact]
    public async Task Items_page_through_deliveries_figures_and_clocks_without_gaps()
    {
        var s = await app.ScenarioAsync();
        var whole = await ItemsAsync("2026-Q4", $"&companyId={s.CompanyA}&serviceId={s.ServiceAp}");
        var paged = new List<ReportItem>();
        for (var page = 1; page <= 5; page++)
        {
            paged.AddRange((await app.GetAsync<Page<ReportItem>>(Demo.Quality,
                $"/api/v1/service-levels/report/items?period=2026-Q4&companyId={s.CompanyA}&serviceId={s.ServiceAp}&page={page}&pageSize=3")).Items);
        }

        Assert.Equal(whole.Total, paged.Count);
        Assert.Equal(whole.Items.Select(i => (i.ClockId, i.DeliveryPeriod, i.FigureId, i.MetricId)), paged.Select(i => (i.ClockId, i.DeliveryPeriod, i.FigureId, i.MetricId)));
    }

    [Fact]
    public async Task A_client_never_sees_another_companys_figures_or_items()
    {
        var s = await app.ScenarioAsync();
        var client = await app.ClientForAsync(Demo.ClientA);
        var secrets = new[] { s.CompanyB.ToString(), Demo.CompanyB, s.TicketOfB, "Тайна СибАгро", s.ResolutionB.ToString(), "Дальневосточная", "Северная верфь", s.CompanyN.ToString() };
        foreach (var url in new[]
        {
            "/api/v1/service-levels/report?period=2026-10",
            $"/api/v1/service-levels/report?period=2026-10&companyId={s.CompanyB}",
            "/api/v1/service-levels/report/items?period=2026-10&pageSize=200",
            $"/api/v1/service-levels/report/items?period=2026-10&companyId={s.CompanyB}",
            "/api/v1/service-levels/trend?unit=month&count=3&to=2026-12",
            "/api/v1/service-levels/report?period=2026",
        })
        {
            var response = await client.GetAsync(url);
            var body = await response.Content.ReadAsStringAsync();
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            foreach (var secret in secrets)
            {
                Assert.DoesNotContain(secret, body, StringComparison.Ordinal);
            }
        }

        var own = await ReportAsync("2026-10", Demo.ClientA);
        Assert.All(own.Rows, r => Assert.Equal(s.CompanyA, r.CompanyId));
        Assert.Contains(own.Rows, r => r.ServiceId == s.ServiceAp);
        Assert.Empty((await ReportAsync("2026-10", Demo.ClientA, $"&companyId={s.CompanyB}")).Rows);
        await HttpAssert.ProblemAsync(await client.GetAsync($"/api/v1/service-levels/report/items?period=2026-10&metricId={s.ResolutionB}"), 404);

        // Company B's user sees B alone.
        var b = await ReportAsync("2026-10", Demo.ClientB);
        Assert.All(b.Rows, r => Assert.Equal(s.CompanyB, r.CompanyId));
        Assert.Contains(b.Rows, r => r.ServiceId == s.ServiceAp);
        Assert.Equal((2, 0), (Metric(b, s.ResolutionB).Counted, Metric(b, s.ResolutionB).Met));

        // Within company A, a client user sees the subjects of their own requests; the executive sees all.
        var mine = await ItemsAsync("2026-10", $"&metricId={s.Resolution}", Demo.ClientA);
        Assert.Equal("Сверка УГК: C1", Assert.Single(mine.Items, i => i.ClockId == s.Clocks["C1"]).TicketSubject);
        var colleague = Assert.Single(mine.Items, i => i.ClockId == s.Clocks["C2"]);
        Assert.Equal(s.Tickets["C2"], colleague.TicketNumber);
        Assert.Null(colleague.TicketSubject);
        var executive = await ItemsAsync("2026-10", $"&metricId={s.Resolution}", Demo.ExecutiveA);
        Assert.Equal("Сверка УГК: C2", Assert.Single(executive.Items, i => i.ClockId == s.Clocks["C2"]).TicketSubject);
    }

    [Fact]
    public async Task Csms_and_delivery_leads_see_only_the_companies_assigned_to_them()
    {
        var s = await app.ScenarioAsync();
        var csm = await ReportAsync("2026-10", Demo.Csm);
        Assert.Equal(new[] { s.CompanyA, s.CompanyB }.Order(), csm.Rows.Select(r => r.CompanyId).Distinct().Order());
        Assert.DoesNotContain(csm.Rows, r => r.CompanyId == s.CompanyDv);
        var dl = await ReportAsync("2026-10", Demo.DeliveryLead);
        Assert.Equal(new[] { s.CompanyDv, s.CompanyN }.Order(), dl.Rows.Select(r => r.CompanyId).Distinct().Order());
        Assert.Empty((await ItemsAsync("2026-10", $"&companyId={s.CompanyA}", Demo.DeliveryLead)).Items);
        // The rest of the SSC sees every company.
        foreach (var who in new[] { Demo.Admin, Demo.Agent, Demo.TeamLead, Demo.Quality })
        {
            var all = await ReportAsync("2026-10", who);
            Assert.Equal(4, all.Rows.Select(r => r.CompanyId).Distinct().Count());
        }
    }

    [Fact]
    public async Task The_trend_shows_the_same_figures_over_the_last_periods()
    {
        var s = await app.ScenarioAsync();
        var trend = await app.GetAsync<ServiceLevelTrend>(Demo.Quality, $"/api/v1/service-levels/trend?unit=month&count=3&to=2026-12&companyId={s.CompanyA}&serviceId={s.ServiceAp}");
        Assert.Equal(new[] { "2026-10", "2026-11", "2026-12" }, trend.Periods);
        var row = Assert.Single(trend.Rows);
        Assert.Equal(new[] { 85.0, 23.33, 0.0 }, row.Points.Select(p => p.Index!.Value));
        Assert.Equal(new double?[] { 75.0, 16.67, null }, row.Points.Select(p => p.SlaAttainment));
        Assert.Equal("slaNoData", Assert.Single(row.Points[2].Notes).Code);
        var resolution = Assert.Single(row.Metrics, m => m.MetricId == s.Resolution);
        Assert.Equal(new[] { 2, 3, 0 }, resolution.Points.Select(p => p.Counted));

        var defaults = await app.GetAsync<ServiceLevelTrend>(Demo.Quality, "/api/v1/service-levels/trend");
        Assert.Equal(12, defaults.Periods.Count);
        Assert.Equal("2026-12", defaults.Periods[^1]);
        Assert.Equal(8, (await app.GetAsync<ServiceLevelTrend>(Demo.Quality, "/api/v1/service-levels/trend?unit=quarter")).Periods.Count);
        var years = await app.GetAsync<ServiceLevelTrend>(Demo.Quality, "/api/v1/service-levels/trend?unit=year");
        Assert.Equal(new[] { "2022", "2023", "2024", "2025", "2026" }, years.Periods);
    }

    [Theory]
    [InlineData("ru", "Выполнение SLA, %", "Выполнение OLA, %", "Единый показатель качества, %", "Все процессы")]
    [InlineData("en", "SLA attainment, %", "OLA attainment, %", "Unified quality index, %", "All processes")]
    public async Task The_excel_workbook_opens_and_holds_the_figures(string culture, string slaHeader, string olaHeader, string indexHeader, string allProcesses)
    {
        var s = await app.ScenarioAsync();
        var client = await app.ClientForAsync(Demo.Quality);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/service-levels/report.xlsx?period=2026-10");
        request.Headers.Add("Cookie", $".AspNetCore.Culture=c%3D{culture}-{(culture == "ru" ? "RU" : "US")}%7Cuic%3D{culture}-{(culture == "ru" ? "RU" : "US")}");
        var response = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(ServiceLevelReportEndpoints.XlsxContentType, response.Content.Headers.ContentType?.MediaType);
        using var stream = new MemoryStream(await response.Content.ReadAsByteArrayAsync());

        Assert.Equal(new[] { "Summary", "Metrics", "Items" }, MiniExcel.GetSheetNames(stream));
        var summary = MiniExcel.Query(stream, useHeaderRow: true, sheetName: "Summary").Cast<IDictionary<string, object?>>().ToList();
        var ap = Assert.Single(summary, r => Num(r[slaHeader]) == 75.0 && Num(r[olaHeader]) == 100.0);
        Assert.Equal(85.0, Num(ap[indexHeader]));
        var general = Assert.Single(summary, r => r.Values.OfType<string>().Any(v => v.Contains("Северная верфь", StringComparison.Ordinal) || v == "Northern Shipyard"));
        Assert.Equal((75.0, null), (Num(general[indexHeader]), Num(general[olaHeader])));
        Assert.Contains(allProcesses, general.Values.OfType<string>());
        Assert.Contains(general.Values.OfType<string>(), v => v.Contains("OLA", StringComparison.Ordinal));

        var metrics = MiniExcel.Query(stream, useHeaderRow: true, sheetName: "Metrics").Cast<IDictionary<string, object?>>().ToList();
        Assert.Contains(metrics, m => Equals(m.Values.ElementAt(4), "Решение обращения") && Num(m.Values.ElementAt(6)) == 2);
        var items = MiniExcel.Query(stream, useHeaderRow: true, sheetName: "Items").Cast<IDictionary<string, object?>>().ToList();
        Assert.Contains(items, i => i.Values.OfType<string>().Contains(s.Tickets["C1"]));
        var report = await ReportAsync("2026-10");
        Assert.Equal(report.Rows.SelectMany(r => r.Metrics).Sum(m => m.Counted), items.Count);
    }

    [Theory]
    [InlineData("/api/v1/service-levels/report?period=2026-13", "period")]
    [InlineData("/api/v1/service-levels/report?period=November", "period")]
    [InlineData("/api/v1/service-levels/report?period=2026-Q5", "period")]
    [InlineData("/api/v1/service-levels/report?companyId=abc", "companyId")]
    [InlineData("/api/v1/service-levels/report?serviceId=payroll", "serviceId")]
    [InlineData("/api/v1/service-levels/report/items?period=x", "period")]
    [InlineData("/api/v1/service-levels/report/items?metricId=1", "metricId")]
    [InlineData("/api/v1/service-levels/report/items?side=both", "side")]
    [InlineData("/api/v1/service-levels/report/items?breachesOnly=yes", "breachesOnly")]
    [InlineData("/api/v1/service-levels/report/items?pageSize=1000", "pageSize")]
    [InlineData("/api/v1/service-levels/trend?unit=week", "unit")]
    [InlineData("/api/v1/service-levels/trend?count=0", "count")]
    [InlineData("/api/v1/service-levels/trend?count=61", "count")]
    [InlineData("/api/v1/service-levels/trend?to=2026-00", "to")]
    [InlineData("/api/v1/service-levels/report.xlsx?period=2026-Q0", "period")]
    public async Task Bad_input_is_a_400_naming_the_parameter(string url, string field)
    {
        var client = await app.ClientForAsync(Demo.Quality);
        await HttpAssert.FieldErrorAsync(await client.GetAsync(url), field);
    }

    [Fact]
    public async Task Reports_need_a_signed_in_person()
    {
        var anonymous = app.AnonymousClient();
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/v1/service-levels/report")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/v1/service-levels/report.xlsx")).StatusCode);
    }

    [Fact]
    public async Task The_page_shows_the_figures_and_its_items_page_the_items()
    {
        var s = await app.ScenarioAsync();
        var client = await app.CookieClientForAsync(Demo.Quality);
        var html = WebUtility.HtmlDecode(await client.GetStringAsync("/service-levels?period=2026-10"));
        Assert.Contains("85,0 %", html);
        Assert.Contains("OLA: нет данных за период", html);
        var items = WebUtility.HtmlDecode(await client.GetStringAsync($"/service-levels/items?period=2026-10&metricId={s.Resolution}"));
        Assert.Contains("2026-10 — SLA · Решение обращения", items);
    }

    private static double? Num(object? value) => value switch
    {
        null => null,
        string text when text.Length == 0 => null,
        _ => Convert.ToDouble(value, System.Globalization.CultureInfo.InvariantCulture),
    };
}
