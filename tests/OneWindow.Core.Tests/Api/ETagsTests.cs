using OneWindow.Core.Api;

namespace OneWindow.Core.Tests.Api;

public class ETagsTests
{
    [Theory]
    [InlineData("\"7\"", 7)]
    [InlineData("W/\"12\"", 12)]
    [InlineData(" \"3\" ", 3)]
    public void Parses_strong_and_weak_etags(string header, int expected)
    {
        Assert.True(ETags.TryParseIfMatch(header, out var version));
        Assert.Equal(expected, version);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("*")]
    public void Absent_or_star_matches_any_version(string? header)
    {
        Assert.True(ETags.TryParseIfMatch(header, out var version));
        Assert.Null(version);
    }

    [Theory]
    [InlineData("7")]
    [InlineData("\"abc\"")]
    [InlineData("\"\"")]
    public void Malformed_headers_are_refused(string header) => Assert.False(ETags.TryParseIfMatch(header, out _));

    [Fact]
    public void Round_trips_a_version() => Assert.True(ETags.TryParseIfMatch(ETags.From(42), out var v) && v == 42);
}
