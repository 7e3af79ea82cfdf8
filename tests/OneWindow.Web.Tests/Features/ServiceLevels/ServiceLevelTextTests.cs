using System.Globalization;
using Microsoft.Extensions.Localization;
using OneWindow.Core.ServiceLevels;
using OneWindow.Core.Tickets;
using OneWindow.Web.Features.ServiceLevels;
using OneWindow.Web.Infrastructure.Desks;
using OneWindow.Web.Resources;
using OneWindow.Web.Tests.Infrastructure;

namespace OneWindow.Web.Tests.Features.ServiceLevels;

/// <summary>
/// The service-level pages speak Russian and English: resources come in pairs, agreement terms read as sentences, and
/// every refusal of the desks reaches the person in their language.
/// </summary>
public class ServiceLevelTextTests
{
    private static readonly ResourceManagerStringLocalizerFactory Factory = Cultures.Factory;

    private static readonly IStringLocalizer<ServiceLevelResource> S = new StringLocalizer<ServiceLevelResource>(Factory);
    private static readonly IStringLocalizer<TicketResource> T = new StringLocalizer<TicketResource>(Factory);

    private static T2 In<T2>(string culture, Func<T2> work) => Cultures.In(culture, work);

    private static HashSet<string> Keys(CultureInfo culture) => Cultures.Keys<ServiceLevelResource>(culture);

    [Fact]
    public void Russian_and_English_resources_have_the_same_keys()
    {
        var russian = Keys(CultureInfo.InvariantCulture);
        var english = Keys(new CultureInfo("en"));
        Assert.True(russian.Count > 100);
        Assert.Empty(russian.Except(english));
        Assert.Empty(english.Except(russian));
    }

    [Fact]
    public void Every_known_desk_sentence_has_a_translation()
    {
        var keys = Keys(CultureInfo.InvariantCulture);
        Assert.All(DeskText.Known.Values, key => Assert.Contains(key, keys));
    }

    public static TheoryData<MetricInput> InvalidMetrics() =>
    [
        new MetricInput(MetricSide.Sla, MetricKind.TicketTimer, "", Description: new string('x', 2001), Weight: 101, AttainmentTarget: 101),
        new MetricInput(MetricSide.Sla, MetricKind.TicketTimer, "Решение", TargetMinutes: 0),
        new MetricInput(MetricSide.Ola, MetricKind.TicketTimer, "Ответ", Timer: TimerKind.Resolution, TargetMinutes: 600_000),
        new MetricInput(MetricSide.Ola, MetricKind.PeriodicDeadline, "Отчётность", DueWorkingDay: 61),
        new MetricInput(MetricSide.Sla, MetricKind.MeasuredRatio, "Платежи", RatioTarget: 101),
        new MetricInput(MetricSide.Sla, (MetricKind)42, "Странный"),
    ];

    [Theory]
    [MemberData(nameof(InvalidMetrics))]
    public void Every_refusal_of_a_metric_reads_in_russian_and_in_english(MetricInput input)
    {
        var errors = AgreementDesk.Validate(input);
        Assert.NotEmpty(errors);
        foreach (var culture in new[] { "ru-RU", "en-US" })
        {
            var shown = In(culture, () => DeskText.Errors(S, new DeskResult(DeskOutcome.Invalid, errors)));
            Assert.Equal(errors.Keys.Order(), shown.Keys.Order());
            foreach (var (field, messages) in errors)
            {
                var translated = shown[field].Single();
                Assert.True(DeskText.Known.ContainsKey(messages.Single()), $"Unknown desk sentence for '{field}': {messages.Single()}");
                if (culture == "ru-RU")
                {
                    Assert.Matches("[а-яА-Я]", translated);
                }
            }
        }
    }

    [Theory]
    [InlineData("Line 3: Give the month as YYYY-MM, e.g. 2026-11.", "Строка 3: Укажите месяц в виде ГГГГ-ММ, например 2026-11.")]
    [InlineData("Line 2: 'abc' is not a number.", "Строка 2: «abc» — не число.")]
    [InlineData("Period 2026-11: Give the figure as a percentage between 0 and 100 (or numerator and denominator).", "Период 2026-11: Укажите значение в процентах от 0 до 100 (или числитель и знаменатель).")]
    [InlineData("Only a draft can be submitted; this version is PendingApproval.", "Отправить на согласование можно только черновик; статус версии — «На согласовании».")]
    [InlineData("Only a version awaiting approval can be approved; this one is Agreed.", "Версия не ждёт согласования; её статус — «Согласовано».")]
    [InlineData("Something the pages have never heard of.", "Something the pages have never heard of.")]
    public void Sentences_with_values_are_translated_around_their_values(string desk, string russian) =>
        Assert.Equal(russian, In("ru-RU", () => DeskText.Translate(S, desk)));

    private static AgreementMetric Metric(Action<AgreementMetric> set)
    {
        var m = new AgreementMetric { Name = "m" };
        set(m);
        return m;
    }

    [Fact]
    public void Metric_targets_read_as_sentences_in_russian()
    {
        var text = new AgreementText(S, T);
        In("ru-RU", () =>
        {
            Assert.Equal("Решение: 8 рабочих часов, приоритет Высокий", text.Target(Metric(m =>
            {
                m.Kind = MetricKind.TicketTimer;
                m.Timer = TimerKind.Resolution;
                m.TargetMinutes = 480;
                m.Priority = TicketPriority.High;
            })));
            Assert.Equal("Первый ответ: 1 рабочий час 30 минут, все приоритеты, без паузы на ожидание клиента", text.Target(Metric(m =>
            {
                m.Kind = MetricKind.TicketTimer;
                m.Timer = TimerKind.FirstResponse;
                m.TargetMinutes = 90;
                m.PauseWhileWaiting = false;
            })));
            Assert.Equal("Ежемесячно к 5-му рабочему дню следующего месяца", text.Target(Metric(m =>
            {
                m.Side = MetricSide.Ola;
                m.Kind = MetricKind.PeriodicDeadline;
                m.Period = PeriodUnit.Month;
                m.DueWorkingDay = 5;
            })));
            Assert.Equal("Ежеквартально к 10-му рабочему дню после квартала до 12:00, в полном объёме", text.Target(Metric(m =>
            {
                m.Kind = MetricKind.PeriodicDeadline;
                m.Period = PeriodUnit.Quarter;
                m.DueWorkingDay = 10;
                m.DueTime = new TimeOnly(12, 0);
                m.RequireComplete = true;
            })));
            Assert.Equal("≥ 99,5 % за месяц", text.Target(Metric(m =>
            {
                m.Kind = MetricKind.MeasuredRatio;
                m.Period = PeriodUnit.Month;
                m.RatioTarget = 99.5m;
                m.RatioDirection = RatioDirection.AtLeast;
            })));
            Assert.Equal(["1 рабочий час", "2 рабочих часа", "5 рабочих часов", "11 рабочих часов", "21 рабочий час", "24 рабочих часа"],
                new[] { 1, 2, 5, 11, 21, 24 }.Select(h => text.Duration(h * 60)));
            Assert.Equal("45 рабочих минут", text.Duration(45));
            Assert.Equal("3 соглашения ожидают вашего согласования", text.Plural("AwaitingYourApproval", 3));
            return 0;
        });
    }

    [Fact]
    public void Metric_targets_read_as_sentences_in_english()
    {
        var text = new AgreementText(S, T);
        In("en-US", () =>
        {
            Assert.Equal("Resolution: 8 business hours, priority High", text.Target(Metric(m =>
            {
                m.Kind = MetricKind.TicketTimer;
                m.Timer = TimerKind.Resolution;
                m.TargetMinutes = 480;
                m.Priority = TicketPriority.High;
            })));
            Assert.Equal("≤ 2 % per quarter", text.Target(Metric(m =>
            {
                m.Kind = MetricKind.MeasuredRatio;
                m.Period = PeriodUnit.Quarter;
                m.RatioTarget = 2;
                m.RatioDirection = RatioDirection.AtMost;
            })));
            Assert.Equal("1 agreement awaits your approval", text.Plural("AwaitingYourApproval", 1));
            return 0;
        });
    }
}
