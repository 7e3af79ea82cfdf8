using System.Buffers.Text;
using OneWindow.Core.Feedback;

namespace OneWindow.Core.Tests.Feedback;

public class RatingTokensTests
{
    private static readonly byte[] Key = [.. Enumerable.Range(1, 32).Select(i => (byte)i)];
    private static readonly byte[] OtherKey = [.. Enumerable.Range(101, 32).Select(i => (byte)i)];
    private static readonly DateTimeOffset Now = new(2026, 11, 27, 10, 0, 0, TimeSpan.Zero);

    private static RatingClaims Claims(Guid? rater = null, int scale = 5) => new(
        7, Guid.Parse("0193a000-0000-7000-8000-000000000001"), Guid.Parse("0193a000-0000-7000-8000-000000000002"),
        Guid.Parse("0193a000-0000-7000-8000-000000000003"), rater ?? Guid.Parse("0193a000-0000-7000-8000-000000000004"),
        scale, Now, Now.AddDays(60));

    private static byte[]? Keys(int kid) => kid == 7 ? Key : null;

    [Fact]
    public void A_token_round_trips_every_claim()
    {
        var token = RatingTokens.Create(Claims(), Key);
        var check = RatingTokens.Verify(token, Keys, Now.AddDays(1), 4);
        Assert.Equal(RatingTokenStatus.Valid, check.Status);
        Assert.Equal(Claims() with { TokenId = check.Claims!.TokenId }, check.Claims);
        Assert.NotEmpty(check.Claims.TokenId);
        Assert.True(token.Length < 200, $"the token should stay compact, was {token.Length} chars");
        Assert.DoesNotContain('=', token);
        Assert.DoesNotContain('/', token);
        Assert.DoesNotContain('+', token);
    }

    [Fact]
    public void A_signature_token_without_ticket_or_rater_round_trips()
    {
        var claims = new RatingClaims(7, Guid.NewGuid(), null, null, null, 3, Now, Now.AddDays(1));
        var check = RatingTokens.Verify(RatingTokens.Create(claims, Key), Keys, Now, 3);
        Assert.True(check.IsValid);
        Assert.Null(check.Claims!.TicketId);
        Assert.Null(check.Claims.RaterId);
        Assert.Equal(3, check.Claims.Scale);
    }

    [Fact]
    public void The_token_id_is_stable_for_a_link_and_differs_between_links()
    {
        var a = RatingTokens.Create(Claims(), Key);
        var b = RatingTokens.Create(Claims(Guid.NewGuid()), Key);
        Assert.Equal(RatingTokens.Verify(a, Keys, Now, 1).Claims!.TokenId, RatingTokens.Verify(a, Keys, Now, 5).Claims!.TokenId);
        Assert.NotEqual(RatingTokens.Verify(a, Keys, Now).Claims!.TokenId, RatingTokens.Verify(b, Keys, Now).Claims!.TokenId);
    }

    [Fact]
    public void Every_single_bit_flip_in_the_payload_is_refused()
    {
        var bytes = Base64Url.DecodeFromChars(RatingTokens.Create(Claims(), Key));
        var payloadLength = bytes.Length - 32;
        for (var i = 0; i < payloadLength; i++)
        {
            for (var bit = 0; bit < 8; bit++)
            {
                var tampered = (byte[])bytes.Clone();
                tampered[i] ^= (byte)(1 << bit);
                var status = RatingTokens.Verify(Base64Url.EncodeToString(tampered), Keys, Now, 3).Status;
                Assert.True(status is RatingTokenStatus.BadSignature or RatingTokenStatus.Malformed or RatingTokenStatus.UnknownKey,
                    $"byte {i} bit {bit}: {status}");
            }
        }
    }

    [Fact]
    public void A_tampered_signature_is_refused()
    {
        var bytes = Base64Url.DecodeFromChars(RatingTokens.Create(Claims(), Key));
        for (var i = bytes.Length - 32; i < bytes.Length; i++)
        {
            var tampered = (byte[])bytes.Clone();
            tampered[i] ^= 0x01;
            Assert.Equal(RatingTokenStatus.BadSignature, RatingTokens.Verify(Base64Url.EncodeToString(tampered), Keys, Now, 3).Status);
        }
    }

    [Fact]
    public void A_grade_raised_in_the_payload_with_a_re_encoded_token_does_not_verify()
    {
        // An attacker who changes the employee id to rate someone else must re-sign, which needs the key.
        var bytes = Base64Url.DecodeFromChars(RatingTokens.Create(Claims(), Key));
        bytes[5] ^= 0xFF;
        Assert.Equal(RatingTokenStatus.BadSignature, RatingTokens.Verify(Base64Url.EncodeToString(bytes), Keys, Now).Status);
    }

    [Fact]
    public void A_token_signed_with_another_key_under_a_known_id_is_refused()
    {
        var foreign = RatingTokens.Create(Claims(), OtherKey);
        Assert.Equal(RatingTokenStatus.BadSignature, RatingTokens.Verify(foreign, Keys, Now, 3).Status);
    }

    [Fact]
    public void An_unknown_key_id_is_refused()
    {
        var token = RatingTokens.Create(Claims() with { KeyId = 8 }, Key);
        Assert.Equal(8, RatingTokens.KeyIdOf(token));
        Assert.Equal(RatingTokenStatus.UnknownKey, RatingTokens.Verify(token, Keys, Now, 3).Status);
    }

    [Fact]
    public void An_expired_token_is_refused_at_the_expiry_instant()
    {
        var token = RatingTokens.Create(Claims(), Key);
        Assert.True(RatingTokens.Verify(token, Keys, Now.AddDays(60).AddSeconds(-1), 3).IsValid);
        Assert.Equal(RatingTokenStatus.Expired, RatingTokens.Verify(token, Keys, Now.AddDays(60), 3).Status);
    }

    [Theory]
    [InlineData(5, 0)]
    [InlineData(5, 6)]
    [InlineData(5, -1)]
    [InlineData(3, 4)]
    public void A_grade_outside_the_scale_is_refused(int scale, int grade)
    {
        var token = RatingTokens.Create(Claims(scale: scale), Key);
        Assert.Equal(RatingTokenStatus.BadGrade, RatingTokens.Verify(token, Keys, Now, grade).Status);
        Assert.True(RatingTokens.Verify(token, Keys, Now, scale).IsValid);
        Assert.True(RatingTokens.Verify(token, Keys, Now, 1).IsValid);
    }

    [Fact]
    public void Only_scales_of_three_or_five_are_issued()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => RatingTokens.Create(Claims(scale: 4), Key));
    }

    [Fact]
    public void Every_truncation_is_refused()
    {
        var token = RatingTokens.Create(Claims(), Key);
        for (var length = 0; length < token.Length; length++)
        {
            var status = RatingTokens.Verify(token[..length], Keys, Now, 3).Status;
            Assert.True(status is RatingTokenStatus.Malformed or RatingTokenStatus.BadSignature, $"length {length}: {status}");
        }
    }

    [Fact]
    public void Extra_bytes_after_the_signature_are_refused()
    {
        var bytes = Base64Url.DecodeFromChars(RatingTokens.Create(Claims(), Key));
        Assert.Equal(RatingTokenStatus.Malformed, RatingTokens.Verify(Base64Url.EncodeToString([.. bytes, 0]), Keys, Now, 3).Status);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("not a token")]
    [InlineData("%%%%")]
    [InlineData("AAAA")]
    [InlineData("eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.abc")]
    public void Garbage_is_malformed(string? token) => Assert.Equal(RatingTokenStatus.Malformed, RatingTokens.Verify(token, Keys, Now, 3).Status);

    [Fact]
    public void Random_bytes_never_verify()
    {
        var random = new Random(42);
        for (var i = 0; i < 2000; i++)
        {
            var bytes = new byte[random.Next(0, 160)];
            random.NextBytes(bytes);
            if (bytes.Length > 0)
            {
                bytes[0] = 1;
            }

            Assert.False(RatingTokens.Verify(Base64Url.EncodeToString(bytes), kid => Key, Now, 3).IsValid);
        }
    }

    [Fact]
    public void A_huge_input_is_refused_without_decoding()
    {
        Assert.Equal(RatingTokenStatus.Malformed, RatingTokens.Verify(new string('A', 100_000), Keys, Now, 3).Status);
    }
}
