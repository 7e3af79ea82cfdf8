using OneWindow.Core.Tickets;

namespace OneWindow.Core.Tests.Tickets;

public class TicketNumberTests
{
    [Theory]
    [InlineData("OW", 2026, 123L, "OW-2026-000123")]
    [InlineData("OW", 2026, 1L, "OW-2026-000001")]
    [InlineData("OW", 2026, 999_999L, "OW-2026-999999")]
    [InlineData("OW", 2026, 1_000_000L, "OW-2026-1000000")]
    [InlineData("SSC", 2027, 42L, "SSC-2027-000042")]
    public void Formats_with_at_least_six_digits(string prefix, int year, long sequence, string expected)
    {
        Assert.Equal(expected, TicketNumber.Format(prefix, year, sequence));
    }

    [Fact]
    public void Formatting_rejects_bad_parts()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => TicketNumber.Format("OW", 2026, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => TicketNumber.Format("OW", 999, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => TicketNumber.Format("OW", 10_000, 1));
        Assert.Throws<ArgumentException>(() => TicketNumber.Format("", 2026, 1));
        Assert.Throws<ArgumentException>(() => TicketNumber.Format("O-W", 2026, 1));
        Assert.Throws<ArgumentException>(() => TicketNumber.Format("ОЦО", 2026, 1));
    }

    [Theory]
    [InlineData("Re: [OW-2026-000123] Счёт-фактура", 2026, 123L)]
    [InlineData("RE: OW-2026-000123", 2026, 123L)]
    [InlineData("Fwd: ow-2026-000123: invoice", 2026, 123L)]
    [InlineData("Ответ: (Ow-2025-1234567) платёжное поручение", 2025, 1_234_567L)]
    [InlineData("OW-2026-000123", 2026, 123L)]
    [InlineData("Вопрос по заявке №OW-2026-000777.", 2026, 777L)]
    [InlineData("Re: OW-2026-000001 и OW-2026-000002", 2026, 1L)]
    [InlineData("Re: XOW-2026-000009 then OW-2026-000010", 2026, 10L)]
    public void Finds_the_first_number_anywhere_in_a_subject(string subject, int year, long sequence)
    {
        Assert.True(TicketNumber.TryParse(subject, out var value));
        Assert.Equal(new TicketNumberValue("OW", year, sequence), value);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("Счёт-фактура за октябрь")]
    [InlineData("Re: OW-2026-12345")]
    [InlineData("Re: OW-26-000123")]
    [InlineData("Re: XOW-2026-000123")]
    [InlineData("Re: OW-2026-000123x")]
    [InlineData("Re: OW-2026-000123_old")]
    [InlineData("Re: ОW-2026-000123")] // Cyrillic О: a look-alike, not our prefix
    [InlineData("Re: OW-2026-000000")]
    [InlineData("Re: OW-0999-000001")]
    [InlineData("Re: OW-2026-99999999999999999999")]
    [InlineData("Re: SSC-2026-000123")]
    public void Finds_nothing_where_there_is_no_well_formed_number(string? subject)
    {
        Assert.False(TicketNumber.TryParse(subject, out var value));
        Assert.Equal(default, value);
    }

    [Fact]
    public void The_prefix_is_configurable_and_case_insensitive()
    {
        Assert.True(TicketNumber.TryParse("Re: [ssc-2026-000123] Акт сверки", "SSC", out var value));
        Assert.Equal(new TicketNumberValue("SSC", 2026, 123), value);
        Assert.False(TicketNumber.TryParse("Re: [OW-2026-000123]", "SSC", out _));
    }

    [Fact]
    public void Round_trips_through_format_and_parse()
    {
        var value = new TicketNumberValue("OW", 2026, 123_456_789);
        Assert.True(TicketNumber.TryParse($"Re: {value}", out var parsed));
        Assert.Equal(value, parsed);
        Assert.Equal("OW-2026-123456789", parsed.ToString());
    }
}
