using OneWindow.Core.ServiceLevels;

namespace OneWindow.Core.Tests.ServiceLevels;

public class WeeklyScheduleTests
{
    [Fact]
    public void The_standard_schedules()
    {
        Assert.Equal("Mon-Fri 09:00-13:00,14:00-18:00", WeeklySchedule.StandardRussian.ToString());
        Assert.Equal("Mon-Sun 00:00-24:00", WeeklySchedule.AllDay.ToString());
        Assert.Empty(WeeklySchedule.StandardRussian.Days[(int)DayOfWeek.Sunday]);
        Assert.Equal([new WorkingSpan(540, 780), new WorkingSpan(840, 1080)], WeeklySchedule.StandardRussian.Days[(int)DayOfWeek.Monday]);
        Assert.Equal(480, WeeklySchedule.StandardRussian.Days[1].Sum(s => s.Minutes));
    }

    [Theory]
    [InlineData("Mon-Fri 09:00-13:00,14:00-18:00; Sat 10:00-14:00", "Mon-Fri 09:00-13:00,14:00-18:00; Sat 10:00-14:00")]
    [InlineData("mon,wed-fri 9:00-12:00", "Mon 09:00-12:00; Wed-Fri 09:00-12:00")]
    [InlineData("Sat-Sun 10:00-24:00;", "Sat-Sun 10:00-24:00")]
    [InlineData(" Tue 14:00-18:00 , 09:00-13:00 ", "Tue 09:00-13:00,14:00-18:00")]
    [InlineData("Mon 09:00-12:00; Tue 09:00-12:00; Sun 00:00-01:00", "Mon-Tue 09:00-12:00; Sun 00:00-01:00")]
    [InlineData("", "")]
    public void Parse_reads_the_compact_form_and_ToString_writes_it_canonically(string text, string canonical)
    {
        var schedule = WeeklySchedule.Parse(text);
        Assert.Equal(canonical, schedule.ToString());
        Assert.Equal(canonical, WeeklySchedule.Parse(schedule.ToString()).ToString());
    }

    [Theory]
    [InlineData("Mon-Fri", "has no working hours")]
    [InlineData("Mnd 09:00-18:00", "not a day")]
    [InlineData("Fri-Mon 09:00-18:00", "backwards")]
    [InlineData("Mon 09:00-25:00", "not a time range")]
    [InlineData("Mon 09:60-10:00", "not a time range")]
    [InlineData("Mon 24:00-24:00", "ends before it starts")]
    [InlineData("Mon 18:00-09:00", "ends before it starts")]
    [InlineData("Mon 09:00-13:00,12:00-18:00", "overlap")]
    [InlineData("Mon-Fri 09:00-18:00; Fri 10:00-12:00", "Fri is given twice")]
    [InlineData("Mon 9-18", "not a time range")]
    public void Parse_explains_what_is_wrong(string text, string message)
    {
        var e = Assert.Throws<FormatException>(() => WeeklySchedule.Parse(text));
        Assert.Contains(message, e.Message, StringComparison.Ordinal);
        Assert.False(WeeklySchedule.TryParse(text, out var schedule, out var error));
        Assert.Null(schedule);
        Assert.Equal(e.Message, error);
    }

    [Fact]
    public void The_constructor_checks_and_copies_its_days()
    {
        IReadOnlyList<WorkingSpan>[] Week(params WorkingSpan[] monday) => [[], monday, [], [], [], [], []];
        Assert.Throws<ArgumentException>(() => new WeeklySchedule(Week(new WorkingSpan(600, 500))));
        Assert.Throws<ArgumentException>(() => new WeeklySchedule(Week(new WorkingSpan(0, 1441))));
        Assert.Throws<ArgumentException>(() => new WeeklySchedule(Week(new WorkingSpan(600, 700), new WorkingSpan(500, 550))));
        Assert.Throws<ArgumentException>(() => new WeeklySchedule([[]]));

        var spans = new List<WorkingSpan> { new(540, 600) };
        var schedule = new WeeklySchedule([[], spans, [], [], [], [], []]);
        spans.Add(new WorkingSpan(700, 800));
        var days = schedule.Days;
        days[1] = [];
        Assert.Equal("Mon 09:00-10:00", schedule.ToString());
        // Touching spans are allowed.
        Assert.Equal("Mon 09:00-10:00,10:00-11:00", new WeeklySchedule(Week(new WorkingSpan(540, 600), new WorkingSpan(600, 660))).ToString());
    }
}
