using CsCheck;
using OneWindow.Core.Calendars;
using OneWindow.Core.Surveys;

namespace OneWindow.Core.Tests.Surveys;

/// <summary>The survey figures and waves on random inputs, each against its bounds or a slow obvious model.</summary>
public class SurveyPropertyTests
{
    private static readonly string[] Names = ["Speed", "Accuracy", "Politeness", "Availability", "Proactivity", "Cost"];

    private static readonly Gen<CsiPair> Pairs = Gen.Select(Gen.OneOf(Names), Gen.Int[1, 10], Gen.Int[1, 10], (a, i, s) => new CsiPair(a, i, s));

    // Dates over 2024–2031, half of them on the 28th to 31st where month ends bite.
    private static readonly Gen<DateOnly> Dates = Gen.Int[0, 1].SelectMany(k => k == 0
        ? Gen.Int[0, 8 * 365].Select(d => new DateOnly(2024, 1, 1).AddDays(d))
        : Gen.Select(Gen.Int[2024, 2031], Gen.Int[1, 12], Gen.Int[28, 31], (y, m, d) => new DateOnly(y, m, Math.Min(d, DateTime.DaysInMonth(y, m)))));

    [Fact]
    public void Nps_is_between_minus_100_and_100_and_is_the_rounded_difference_of_the_shares()
    {
        Gen.Int[0, 10].List[0, 300].Sample(scores =>
        {
            var nps = SurveyMath.Nps(scores);
            Assert.Equal(scores.Count, nps.N);
            Assert.Equal(nps.N, nps.Promoters + nps.Passives + nps.Detractors);
            Assert.Equal(scores.Count(s => s >= 9), nps.Promoters);
            Assert.Equal(scores.Count(s => s <= 6), nps.Detractors);
            if (nps.N == 0)
            {
                Assert.Null(nps.Score);
                return;
            }

            Assert.InRange(nps.Score!.Value, -100m, 100m);
            Assert.InRange(Math.Abs(nps.Score.Value - (100m * (nps.Promoters - nps.Detractors) / nps.N)), 0m, 0.05m);
        }, iter: 2000);
    }

    [Fact]
    public void Csi_is_between_0_and_100_and_its_weights_sum_to_1()
    {
        Pairs.List[1, 80].Sample(pairs =>
        {
            var csi = SurveyMath.Csi(pairs);
            Assert.Equal(pairs.Select(p => p.Attribute).Distinct(), csi.Attributes.Select(a => a.Attribute));
            Assert.Equal(pairs.Count, csi.Attributes.Sum(a => a.N));
            Assert.InRange(csi.Index!.Value, 0m, 100m);
            Assert.InRange(csi.Raw!.Value, 1.0, 10.0);
            Assert.Equal(1.0, csi.Attributes.Sum(a => a.Weight), 12);

            // The slow obvious model in doubles: means per attribute, weights, the weighted mean and its rescale.
            var model = pairs.GroupBy(p => p.Attribute)
                .Select(g => (I: g.Average(p => p.Importance), S: g.Average(p => p.Satisfaction))).ToList();
            var total = model.Sum(m => m.I);
            var raw = model.Sum(m => m.I / total * m.S);
            Assert.Equal(raw, csi.Raw.Value, 9);
            Assert.InRange(Math.Abs((double)csi.Index.Value - ((raw - 1) / 9 * 100)), 0, 0.05 + 1e-9);

            // Quadrants agree with the model wherever the model's comparison is not a near-tie.
            var averageI = model.Average(m => m.I);
            var averageS = model.Average(m => m.S);
            foreach (var (attribute, m) in csi.Attributes.Zip(model))
            {
                if (Math.Abs(m.I - averageI) > 1e-9)
                {
                    Assert.Equal(m.I > averageI, attribute.Quadrant is PriorityQuadrant.KeepUp or PriorityQuadrant.ConcentrateHere);
                }

                if (Math.Abs(m.S - averageS) > 1e-9)
                {
                    Assert.Equal(m.S > averageS, attribute.Quadrant is PriorityQuadrant.KeepUp or PriorityQuadrant.PossibleOverkill);
                }
            }
        }, iter: 1000);
    }

    [Fact]
    public void Waves_open_every_12_6_or_3_months_from_the_first_clamped_to_the_month_end()
    {
        var recurrences = Gen.OneOf(SurveyRecurrence.Once, SurveyRecurrence.Yearly, SurveyRecurrence.HalfYearly, SurveyRecurrence.Quarterly);
        Gen.Select(recurrences, Dates, Gen.Int[1, 120], Gen.Int[-400, 3000], Gen.Int[0, 2000]).Sample((recurrence, first, openDays, start, length) =>
        {
            var from = first.AddDays(start);
            var to = from.AddDays(length);
            var waves = SurveyWaves.Occurrences(recurrence, first, openDays, from, to);

            // DateOnly.AddMonths keeps the day or, when the month is shorter, takes its last day: the model of the doc.
            var months = recurrence switch { SurveyRecurrence.Yearly => 12, SurveyRecurrence.HalfYearly => 6, SurveyRecurrence.Quarterly => 3, _ => 0 };
            var expected = new List<WaveDates>();
            for (var k = 1; k <= (months == 0 ? 1 : 200); k++)
            {
                var opens = first.AddMonths((k - 1) * months);
                if (opens > to)
                {
                    break;
                }

                if (opens >= from)
                {
                    expected.Add(new WaveDates(k, opens, opens.AddDays(openDays - 1)));
                }
            }

            Assert.Equal(expected, waves);

            var next = SurveyWaves.Next(recurrence, first, openDays, from);
            var expectedNext = months == 0
                ? (first >= from ? new WaveDates(1, first, first.AddDays(openDays - 1)) : (WaveDates?)null)
                : Enumerable.Range(1, 200).Select(k => new WaveDates(k, first.AddMonths((k - 1) * months), first.AddMonths((k - 1) * months).AddDays(openDays - 1)))
                    .First(w => w.Opens >= from);
            Assert.Equal(expectedNext, next);
        }, iter: 300);
    }

    [Fact]
    public void A_reminder_is_a_working_day_with_n_minus_1_working_days_between_it_and_the_close()
    {
        var calendar = ProductionCalendar.Russia;
        Gen.Select(Gen.Int[0, (3 * 365) - 1], Gen.Int[0, 30]).Sample((offset, n) =>
        {
            var closes = new DateOnly(2025, 1, 20).AddDays(offset);
            var reminder = SurveyWaves.ReminderDay(closes, n, calendar.IsWorkingDay);
            if (n == 0)
            {
                Assert.Equal(closes, reminder);
                return;
            }

            Assert.True(reminder < closes);
            Assert.True(calendar.IsWorkingDay(reminder));
            Assert.Equal(n - 1, calendar.WorkingDaysBetween(reminder, closes.AddDays(-1)));
            if (calendar.IsWorkingDay(closes))
            {
                Assert.Equal(closes, calendar.AddWorkingDays(reminder, n));
            }
        }, iter: 2000);
    }
}
