using OneWindow.Core.Tickets.Mail;

namespace OneWindow.Core.Tests.Tickets.Mail;

public class ReplyTokensTests
{
    private static readonly byte[] Key = [.. Enumerable.Range(1, 32).Select(i => (byte)i)];
    private static readonly byte[] OtherKey = [.. Enumerable.Range(2, 32).Select(i => (byte)i)];

    [Fact]
    public void A_ticket_has_one_token_per_key_and_tickets_differ()
    {
        var ticket = Guid.NewGuid();
        var token = ReplyTokens.For(Key, ticket);

        Assert.Equal(token, ReplyTokens.For(Key, ticket));
        Assert.Matches("^ow[0-9a-f]{24}$", token);
        Assert.NotEqual(token, ReplyTokens.For(Key, Guid.NewGuid()));
        Assert.NotEqual(token, ReplyTokens.For(OtherKey, ticket));
    }

    [Fact]
    public void The_token_is_found_in_a_message_id_or_a_plus_address_and_nowhere_else()
    {
        var ticket = Guid.NewGuid();
        var token = ReplyTokens.For(Key, ticket);

        Assert.True(ReplyTokens.AnyCarries([null, "unrelated@client.example", $"0123456789abcdef.{token}@onewindow.test"], Key, ticket));
        Assert.True(ReplyTokens.AnyCarries([$"desk+{token.ToUpperInvariant()}@onewindow.test"], Key, ticket));
        Assert.False(ReplyTokens.AnyCarries([$"desk+{token}@onewindow.test"], Key, Guid.NewGuid()));
        Assert.False(ReplyTokens.AnyCarries([$"x.{token}@onewindow.test"], OtherKey, ticket));
        Assert.False(ReplyTokens.AnyCarries([$"x.{token[..^1]}@onewindow.test", $"x.{token}0@onewindow.test"], Key, ticket));
        Assert.False(ReplyTokens.AnyCarries([], Key, ticket));
    }
}
