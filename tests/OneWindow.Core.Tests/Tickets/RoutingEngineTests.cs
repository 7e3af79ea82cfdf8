using OneWindow.Core.Tickets;

namespace OneWindow.Core.Tests.Tickets;

public class RoutingEngineTests
{
    private static readonly Guid Severstal = Guid.Parse("00000000-0000-0000-0000-00000000c001");
    private static readonly Guid Fesco = Guid.Parse("00000000-0000-0000-0000-00000000c002");
    private static readonly Guid Payables = Guid.Parse("00000000-0000-0000-0000-00000000a001");
    private static readonly Guid Payroll = Guid.Parse("00000000-0000-0000-0000-00000000a002");
    private static readonly Guid InvoiceType = Guid.Parse("00000000-0000-0000-0000-00000000b001");
    private static readonly Guid Treasury = Guid.Parse("00000000-0000-0000-0000-00000000d001");
    private static readonly Guid Accounting = Guid.Parse("00000000-0000-0000-0000-00000000d002");
    private static readonly Guid ServiceDesk = Guid.Parse("00000000-0000-0000-0000-00000000d003");

    private static RoutingInput Input(
        string subject = "Вопрос",
        string body = "",
        TicketChannel channel = TicketChannel.Email,
        TicketPriority priority = TicketPriority.Normal,
        Guid? company = null,
        Guid? service = null,
        Guid? requestType = null) =>
        new(company ?? Severstal, service, requestType, channel, priority, subject, body);

    private static RoutingRule Rule(
        string name,
        int order,
        RoutingConditions when,
        RoutingActions then,
        bool stop = false,
        bool active = true) =>
        new(Guid.NewGuid(), name, order, active, when, then, stop);

    [Fact]
    public void No_rules_leave_the_ticket_unrouted_with_its_own_priority()
    {
        var decision = RoutingEngine.Route([], Input(priority: TicketPriority.High));
        Assert.Null(decision.TeamId);
        Assert.Null(decision.TeamRuleId);
        Assert.Equal(TicketPriority.High, decision.Priority);
        Assert.Empty(decision.Tags);
        Assert.Empty(decision.Applied);
    }

    [Fact]
    public void A_rule_without_conditions_matches_everything_and_says_so()
    {
        var rule = Rule("Catch-all", 100, new RoutingConditions(), new RoutingActions(ServiceDesk));
        var decision = RoutingEngine.Route([rule], Input());
        Assert.Equal(ServiceDesk, decision.TeamId);
        Assert.Equal(rule.Id, decision.TeamRuleId);
        Assert.Equal(new AppliedRule(rule.Id, "Catch-all", "when any; then team"), Assert.Single(decision.Applied));
    }

    [Fact]
    public void Empty_collections_mean_any()
    {
        var rule = Rule("Empty", 1, new RoutingConditions([], [], [], [], [], []), new RoutingActions(Treasury));
        Assert.Equal(Treasury, RoutingEngine.Route([rule], Input()).TeamId);
    }

    [Fact]
    public void Rules_are_evaluated_in_order_then_by_name_and_the_first_team_wins()
    {
        var b = Rule("B", 10, new RoutingConditions(), new RoutingActions(Accounting));
        var a = Rule("A", 10, new RoutingConditions(), new RoutingActions(Treasury));
        var first = Rule("Z first", 5, new RoutingConditions(Channels: [TicketChannel.Phone]), new RoutingActions(ServiceDesk));

        var decision = RoutingEngine.Route([b, first, a], Input());

        Assert.Equal(Treasury, decision.TeamId);
        Assert.Equal(a.Id, decision.TeamRuleId);
        Assert.Equal(["A", "B"], decision.Applied.Select(r => r.RuleName));
        Assert.Equal("when any; then nothing", decision.Applied[1].Explanation);
    }

    [Fact]
    public void Inactive_rules_are_skipped()
    {
        var off = Rule("Off", 1, new RoutingConditions(), new RoutingActions(Treasury), active: false);
        var on = Rule("On", 2, new RoutingConditions(), new RoutingActions(Accounting));
        var decision = RoutingEngine.Route([off, on], Input());
        Assert.Equal(Accounting, decision.TeamId);
        Assert.DoesNotContain(decision.Applied, r => r.RuleId == off.Id);
    }

    [Fact]
    public void Later_rules_add_tags_and_priority_until_a_rule_stops_processing()
    {
        var team = Rule("Payments", 1, new RoutingConditions(Keywords: ["платеж"]), new RoutingActions(Treasury, Tags: ["payments"]));
        var urgent = Rule("Urgent", 2, new RoutingConditions(Keywords: ["срочно"]), new RoutingActions(Priority: TicketPriority.Critical, Tags: ["urgent", "PAYMENTS"]), stop: true);
        var never = Rule("Never", 3, new RoutingConditions(), new RoutingActions(Accounting, TicketPriority.Low, ["late"]));

        var decision = RoutingEngine.Route([never, urgent, team], Input("СРОЧНО: платёжное поручение не прошло"));

        Assert.Equal(Treasury, decision.TeamId);
        Assert.Equal(TicketPriority.Critical, decision.Priority);
        Assert.Equal(["payments", "urgent"], decision.Tags);
        Assert.Equal(["Payments", "Urgent"], decision.Applied.Select(r => r.RuleName));
        Assert.Equal("when keyword=срочно; then priority=Critical,tags=urgent", decision.Applied[1].Explanation);
    }

    [Fact]
    public void A_non_matching_rule_with_stop_processing_does_not_stop_anything()
    {
        var stop = Rule("Phone only", 1, new RoutingConditions(Channels: [TicketChannel.Phone]), new RoutingActions(ServiceDesk), stop: true);
        var next = Rule("Next", 2, new RoutingConditions(), new RoutingActions(Accounting));
        Assert.Equal(Accounting, RoutingEngine.Route([stop, next], Input()).TeamId);
    }

    [Fact]
    public void Stop_processing_is_the_default()
    {
        var rule = new RoutingRule(Guid.NewGuid(), "First", 1, true, new RoutingConditions(), new RoutingActions(Tags: ["a"]));
        var next = Rule("Second", 2, new RoutingConditions(), new RoutingActions(Treasury));
        var decision = RoutingEngine.Route([rule, next], Input());
        Assert.Null(decision.TeamId);
        Assert.Equal(["a"], decision.Tags);
    }

    [Fact]
    public void The_first_rule_setting_a_priority_decides_it()
    {
        var high = Rule("High", 1, new RoutingConditions(), new RoutingActions(Priority: TicketPriority.High));
        var low = Rule("Low", 2, new RoutingConditions(), new RoutingActions(Priority: TicketPriority.Low));
        var decision = RoutingEngine.Route([low, high], Input());
        Assert.Equal(TicketPriority.High, decision.Priority);
        Assert.Equal("when any; then nothing", decision.Applied[1].Explanation);
    }

    [Fact]
    public void All_given_conditions_must_hold_and_are_named_in_the_explanation()
    {
        var rule = Rule(
            "Severstal invoices by email",
            1,
            new RoutingConditions([Severstal], [Payables], [InvoiceType], [TicketChannel.Email, TicketChannel.Portal], [TicketPriority.Normal, TicketPriority.High], ["счет"]),
            new RoutingActions(Accounting, Tags: ["vat"]));
        var matching = Input("Счёт-фактура № 15", channel: TicketChannel.Email, service: Payables, requestType: InvoiceType);

        var decision = RoutingEngine.Route([rule], matching);
        Assert.Equal(Accounting, decision.TeamId);
        Assert.Equal("when company,service,requestType,channel=Email,priority=Normal,keyword=счет; then team,tags=vat", decision.Applied[0].Explanation);

        Assert.Null(RoutingEngine.Route([rule], matching with { CompanyId = Fesco }).TeamId);
        Assert.Null(RoutingEngine.Route([rule], matching with { ServiceId = Payroll }).TeamId);
        Assert.Null(RoutingEngine.Route([rule], matching with { ServiceId = null }).TeamId);
        Assert.Null(RoutingEngine.Route([rule], matching with { RequestTypeId = null }).TeamId);
        Assert.Null(RoutingEngine.Route([rule], matching with { Channel = TicketChannel.Phone }).TeamId);
        Assert.Null(RoutingEngine.Route([rule], matching with { Priority = TicketPriority.Critical }).TeamId);
        Assert.Null(RoutingEngine.Route([rule], matching with { Subject = "Акт сверки" }).TeamId);
    }

    [Theory]
    [InlineData("ПЛАТЁЖНОЕ ПОРУЧЕНИЕ", "", "платеж")]
    [InlineData("Вопрос", "Прошу провести платежи до пятницы", "ПЛАТЕЖ")]
    [InlineData("Re: Invoice 42", "", "invoice")]
    [InlineData("Счета за октябрь", "", "счёт")]
    [InlineData("Неоплаченные счета", "", "оплач")]
    [InlineData("НДФЛ", "", "  ндфл  ")]
    public void Keywords_match_substrings_case_insensitively_in_subject_or_body(string subject, string body, string keyword)
    {
        var rule = Rule("K", 1, new RoutingConditions(Keywords: [keyword]), new RoutingActions(Treasury));
        Assert.Equal(Treasury, RoutingEngine.Route([rule], Input(subject, body)).TeamId);
    }

    [Fact]
    public void Any_keyword_suffices_and_the_explanation_names_the_one_found()
    {
        var rule = Rule("Payroll", 1, new RoutingConditions(Keywords: ["зарплат", "отпуск", "больничн"]), new RoutingActions(Accounting));
        var decision = RoutingEngine.Route([rule], Input("Расчёт отпускных", "Прошу пересчитать отпускные"));
        Assert.Equal("when keyword=отпуск; then team", decision.Applied[0].Explanation);
    }

    [Fact]
    public void Blank_keywords_are_ignored()
    {
        var onlyBlank = Rule("Blank", 1, new RoutingConditions(Keywords: ["", "  "]), new RoutingActions(Treasury));
        Assert.Equal(Treasury, RoutingEngine.Route([onlyBlank], Input("что угодно")).TeamId);

        var mixed = Rule("Mixed", 1, new RoutingConditions(Keywords: ["", "налог"]), new RoutingActions(Treasury));
        Assert.Null(RoutingEngine.Route([mixed], Input("что угодно")).TeamId);
    }

    [Fact]
    public void A_decomposed_yo_matches_like_the_precomposed_letter()
    {
        var rule = Rule("K", 1, new RoutingConditions(Keywords: ["счет"]), new RoutingActions(Treasury));
        Assert.Equal(Treasury, RoutingEngine.Route([rule], Input("Сче\u0308т-фактура")).TeamId);
    }

    [Fact]
    public void Tags_are_trimmed_deduplicated_and_blank_ones_dropped()
    {
        var a = Rule("A", 1, new RoutingConditions(), new RoutingActions(Tags: [" vip ", "", "VIP", "vat"]));
        var b = Rule("B", 2, new RoutingConditions(), new RoutingActions(Tags: ["Vat", "q4"]));
        var decision = RoutingEngine.Route([a, b], Input());
        Assert.Equal(["vip", "vat", "q4"], decision.Tags);
        Assert.Equal("when any; then tags=q4", decision.Applied[1].Explanation);
    }

    [Fact]
    public void Routing_is_deterministic_whatever_the_input_order()
    {
        var rules = Enumerable.Range(0, 20)
            .Select(i => Rule($"R{i % 4}", i % 3, new RoutingConditions(), new RoutingActions(Guid.NewGuid(), Tags: [$"t{i}"])))
            .ToList();
        var expected = RoutingEngine.Route(rules, Input());
        var random = new Random(7);
        for (var i = 0; i < 20; i++)
        {
            var shuffled = rules.OrderBy(_ => random.Next()).ToList();
            var actual = RoutingEngine.Route(shuffled, Input());
            Assert.Equal(expected.TeamId, actual.TeamId);
            Assert.Equal(expected.Tags, actual.Tags);
            Assert.Equal(expected.Applied, actual.Applied);
        }
    }
}
