using OneWindow.Core.Security;

namespace OneWindow.Core.Tests.Security;

public class AccessTokensTests
{
    [Fact]
    public void New_tokens_are_recognisable_unique_and_hashed_stably()
    {
        var a = AccessTokens.NewToken();
        var b = AccessTokens.NewToken();
        Assert.NotEqual(a, b);
        Assert.True(AccessTokens.LooksLikeToken(a));
        Assert.Equal(AccessTokens.Hash(a), AccessTokens.Hash(a));
        Assert.NotEqual(AccessTokens.Hash(a), AccessTokens.Hash(b));
        Assert.Equal(64, AccessTokens.Hash(a).Length);
        Assert.StartsWith(AccessTokens.Prefix, AccessTokens.DisplayPrefix(a));
        Assert.True(AccessTokens.DisplayPrefix(a).Length < a.Length - 30, "the display prefix must not reveal the secret");
    }

    [Theory]
    [InlineData("owpat_short")]
    [InlineData("CfDJ8KyHesb7ulZJpn9ax3uJmZr1J3IXyabNtjoNYA6_No9ZT7u")]
    [InlineData(null)]
    public void Other_strings_are_not_tokens(string? value) => Assert.False(AccessTokens.LooksLikeToken(value));

    [Fact]
    public void Scopes_are_normalised_and_unknown_scopes_refused()
    {
        Assert.Equal(["read", "write"], AccessTokens.ParseScopes([" READ", "write", "read"]));
        Assert.Null(AccessTokens.ParseScopes(["read", "delete-everything"]));
        Assert.Null(AccessTokens.ParseScopes([]));
        Assert.Null(AccessTokens.ParseScopes([null]));
        Assert.Equal(["read"], AccessTokens.ParseScopes([null, "read"]));
    }

    [Theory]
    [InlineData("GET", false, new[] { "read" }, true)]
    [InlineData("POST", false, new[] { "read" }, false)]
    [InlineData("POST", false, new[] { "write" }, true)]
    [InlineData("GET", false, new[] { "write" }, true)]
    [InlineData("DELETE", true, new[] { "write" }, false)]
    [InlineData("DELETE", true, new[] { "write", "admin" }, true)]
    [InlineData("GET", true, new[] { "read" }, false)]
    public void Scopes_permit_methods(string method, bool adminArea, string[] scopes, bool expected) =>
        Assert.Equal(expected, AccessTokens.Permits(scopes, method, adminArea));
}
