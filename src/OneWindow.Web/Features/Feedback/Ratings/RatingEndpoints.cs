using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.DataProtection;

namespace OneWindow.Web.Features.Feedback;

public enum RatingPageMode
{
    Error = 0,
    Choose = 1,
    Comment = 2,
    Done = 3,
    NotCounted = 4,
    /// <summary>An anonymous signature-link rating is held: the visitor is told to confirm it from their mailbox.</summary>
    CheckMail = 5,
    /// <summary>The emailed confirmation link: the held grade, and a button that counts it.</summary>
    Confirm = 6,
}

/// <summary>
/// The public rating links <c>/r/{token}/{grade}</c>. A GET never records (mail scanners open every link): it shows the
/// grade pre-selected in a form that a person's browser submits by itself. The POST records; then a comment can follow.
/// A signature link names no rater: someone not signed in names a work email, and the rating is held until that person
/// follows the one-time link emailed to them (<c>/r/{token}/confirm/{key}</c>: GET shows it, POST counts it).
/// </summary>
public static class RatingEndpoints
{
    public const string RateLimitPolicy = "ratings";

    public static IServiceCollection AddOneWindowRatings(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<FeedbackLinkOptions>(configuration.GetSection("Feedback"));
        services.AddHttpContextAccessor();
        services.AddSingleton<RatingKeyRing>();
        services.AddSingleton<RatingRecorder>();
        services.AddScoped<RatingLinks>();
        services.AddScoped<RatingConfirmations>();
        services.AddScoped<FeedbackSettingsDesk>();
        services.AddScoped<Mail.IReplyMailBlock, RatingReplyBlock>();
        services.AddPerAddressRateLimit(RateLimitPolicy, configuration.GetValue("RateLimits:RatingsPerMinute", 60));
        return services;
    }

    public static IEndpointRouteBuilder MapRatingLinks(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/r/{token}").AllowAnonymous().RequireRateLimiting(RateLimitPolicy).ExcludeFromDescription();
        group.MapGet("/{grade:int}", ChooseAsync);
        group.MapPost("/{grade:int}", RecordAsync).DisableAntiforgery();
        group.MapGet("/comment", CommentFormAsync);
        group.MapPost("/comment", SaveCommentAsync).DisableAntiforgery();
        group.MapGet("/confirm/{key}", ConfirmFormAsync);
        group.MapPost("/confirm/{key}", ConfirmAsync).DisableAntiforgery();
        return app;
    }

    private sealed record Verified(RatingClaims? Claims, RazorComponentResult<RatingPageView>? Problem);

    private static async Task<Verified> VerifyAsync(string token, int? grade, RatingKeyRing keys, TimeProvider clock, IStringLocalizer<RatingResource> t, CancellationToken ct)
    {
        var known = await keys.VerifyingKeysAsync(ct);
        var check = RatingTokens.Verify(token, kid => known.GetValueOrDefault(kid), clock.GetUtcNow(), grade);
        if (check.IsValid)
        {
            return new(check.Claims, null);
        }

        var (status, message) = check.Status switch
        {
            RatingTokenStatus.Expired => (410, t["ErrorExpired"]),
            RatingTokenStatus.BadGrade => (400, t["ErrorGrade"]),
            RatingTokenStatus.UnknownKey => (400, t["ErrorUnknownKey"]),
            _ => (400, t["ErrorInvalid"]),
        };
        return new(null, Page(RatingPageMode.Error, status, new() { ["Error"] = message.Value }));
    }

    private static RazorComponentResult<RatingPageView> Page(RatingPageMode mode, int status, Dictionary<string, object?> parameters)
    {
        parameters["Mode"] = mode;
        return new RazorComponentResult<RatingPageView>(parameters) { StatusCode = status };
    }

    private static Guid? SignedInUser(HttpContext http) =>
        http.User.Identity?.IsAuthenticated == true && Guid.TryParse(http.User.FindFirstValue(ClaimTypes.NameIdentifier), out var id) ? id : null;

    /// <summary>Whether the person clicking is SSC staff: signed in as staff, or the link's rater is staff.</summary>
    private static async Task<bool> StaffClicksAsync(HttpContext http, RatingClaims claims, RatingRecorder recorder, CancellationToken ct)
    {
        if (SignedInUser(http) is { } user && await recorder.IsStaffAsync(user, ct) == true)
        {
            return true;
        }

        return claims.RaterId is { } rater && await recorder.IsStaffAsync(rater, ct) == true;
    }

    private static async Task<RazorComponentResult<RatingPageView>> ChooseAsync(string token, int grade, HttpContext http, RatingKeyRing keys, RatingRecorder recorder,
        IAntiforgery antiforgery, TimeProvider clock, IStringLocalizer<RatingResource> t, CancellationToken ct)
    {
        var verified = await VerifyAsync(token, grade, keys, clock, t, ct);
        if (verified.Claims is not { } claims)
        {
            return verified.Problem!;
        }

        if (await StaffClicksAsync(http, claims, recorder, ct))
        {
            return Page(RatingPageMode.NotCounted, 200, []);
        }

        return await ChooseFormAsync(http, claims, token, grade, antiforgery, recorder, error: null, email: null, status: 200, ct);
    }

    private static async Task<RazorComponentResult<RatingPageView>> ChooseFormAsync(HttpContext http, RatingClaims claims, string token, int grade, IAntiforgery antiforgery,
        RatingRecorder recorder, string? error, string? email, int status, CancellationToken ct)
    {
        // A signature link has no rater: a signed-in client is the rater, anyone else names their work email.
        var needsEmail = claims.RaterId is null && SignedInUser(http) is null;
        return Page(RatingPageMode.Choose, status, new()
        {
            ["EmployeeName"] = await recorder.EmployeeNameAsync(claims.EmployeeId, ct),
            ["Scale"] = claims.Scale,
            ["Grade"] = grade,
            ["FormAction"] = $"/r/{token}/{grade}",
            ["Antiforgery"] = antiforgery.GetAndStoreTokens(http).RequestToken,
            ["AutoSubmit"] = !needsEmail && error is null,
            ["NeedsEmail"] = needsEmail,
            ["SignInUrl"] = needsEmail ? "/account/login?ReturnUrl=" + Uri.EscapeDataString($"/r/{token}/{grade}") : null,
            ["Email"] = email,
            ["Error"] = error,
        });
    }

    private static async Task<IResult> RecordAsync(string token, int grade, HttpContext http, RatingKeyRing keys, RatingRecorder recorder, RatingConfirmations confirmations,
        IAntiforgery antiforgery, IDataProtectionProvider protection, TimeProvider clock, IStringLocalizer<RatingResource> t, CancellationToken ct)
    {
        if (!http.Request.HasFormContentType || !await antiforgery.IsRequestValidAsync(http))
        {
            return Page(RatingPageMode.Error, 400, new() { ["Error"] = t["ErrorForm"].Value });
        }

        var form = await http.Request.ReadFormAsync(ct);
        if (int.TryParse(form["grade"], System.Globalization.CultureInfo.InvariantCulture, out var chosen))
        {
            grade = chosen;
        }

        var verified = await VerifyAsync(token, grade, keys, clock, t, ct);
        if (verified.Claims is not { } claims)
        {
            return verified.Problem!;
        }

        if (await StaffClicksAsync(http, claims, recorder, ct))
        {
            return Page(RatingPageMode.NotCounted, 200, []);
        }

        if ((claims.RaterId ?? SignedInUser(http)) is not { } rater)
        {
            // Anyone can type anyone's address: the rating waits for the person named to confirm it from their mailbox,
            // and the visitor is answered alike whether or not the address is a client person's.
            var email = form["email"].ToString().Trim();
            if (email.Length > 256 || !System.Net.Mail.MailAddress.TryCreate(email, out var parsed) || parsed.Address != email)
            {
                return await ChooseFormAsync(http, claims, token, grade, antiforgery, recorder, t["ErrorEmailFormat"], email, 400, ct);
            }

            await confirmations.HoldAsync(claims, token, grade, email, ct);
            return Page(RatingPageMode.CheckMail, 200, new() { ["Hours"] = confirmations.LifetimeHours });
        }

        return Recorded(await recorder.RecordAsync(claims, grade, rater, ct), token, protection, t);
    }

    /// <summary>After a recording: the comment page, reached through a protected, time-limited rating id.</summary>
    private static IResult Recorded(RatingResult result, string token, IDataProtectionProvider protection, IStringLocalizer<RatingResource> t) =>
        result.Outcome switch
        {
            RatingOutcome.NotCounted => Page(RatingPageMode.NotCounted, 200, []),
            RatingOutcome.UnknownPerson => Page(RatingPageMode.Error, 404, new() { ["Error"] = t["ErrorPerson"].Value }),
            _ => TypedResults.Redirect($"/r/{token}/comment?c={Uri.EscapeDataString(CommentProtector(protection).Protect(result.RatingId!.Value.ToString("N"), TimeSpan.FromDays(2)))}"),
        };

    private sealed record Confirmable(RatingClaims? Claims, HeldRating? Held, RazorComponentResult<RatingPageView>? Problem);

    /// <summary>The signature link verifies, and the confirmation key is one of its held ratings, unused and in time.</summary>
    private static async Task<Confirmable> CheckConfirmationAsync(string token, string key, RatingKeyRing keys, RatingConfirmations confirmations, TimeProvider clock,
        IStringLocalizer<RatingResource> t, CancellationToken ct)
    {
        var verified = await VerifyAsync(token, null, keys, clock, t, ct);
        if (verified.Claims is not { } claims)
        {
            return new(null, null, verified.Problem);
        }

        if (claims.RaterId is not null || await confirmations.FindAsync(claims, key, ct) is not { } held)
        {
            return new(null, null, Page(RatingPageMode.Error, 400, new() { ["Error"] = t["ErrorConfirmInvalid"].Value }));
        }

        return held.Status switch
        {
            ConfirmationStatus.Used => new(null, null, Page(RatingPageMode.Error, 409, new() { ["Error"] = t["ErrorConfirmUsed"].Value })),
            ConfirmationStatus.Expired => new(null, null, Page(RatingPageMode.Error, 410, new() { ["Error"] = t["ErrorConfirmExpired", confirmations.LifetimeHours].Value })),
            _ => new(claims, held, null),
        };
    }

    /// <summary>
    /// The emailed confirmation link opens a page with the held grade and a button. It is not submitted by script, unlike
    /// the grade links: confirming is the person's consent to a rating someone typed their address for, and a mail
    /// scanner that runs scripts must not give it.
    /// </summary>
    private static async Task<RazorComponentResult<RatingPageView>> ConfirmFormAsync(string token, string key, HttpContext http, RatingKeyRing keys, RatingRecorder recorder,
        RatingConfirmations confirmations, IAntiforgery antiforgery, TimeProvider clock, IStringLocalizer<RatingResource> t, CancellationToken ct)
    {
        var check = await CheckConfirmationAsync(token, key, keys, confirmations, clock, t, ct);
        if (check is not { Claims: { } claims, Held: { } held })
        {
            return check.Problem!;
        }

        if (await StaffClicksAsync(http, claims, recorder, ct))
        {
            return Page(RatingPageMode.NotCounted, 200, []);
        }

        return Page(RatingPageMode.Confirm, 200, new()
        {
            ["EmployeeName"] = await recorder.EmployeeNameAsync(claims.EmployeeId, ct),
            ["Scale"] = claims.Scale,
            ["Grade"] = held.Grade,
            ["FormAction"] = $"/r/{token}/confirm/{key}",
            ["Antiforgery"] = antiforgery.GetAndStoreTokens(http).RequestToken,
        });
    }

    /// <summary>Counts the held rating once, as its named person's, with all that follows a rating; then the comment page.</summary>
    private static async Task<IResult> ConfirmAsync(string token, string key, HttpContext http, RatingKeyRing keys, RatingRecorder recorder, RatingConfirmations confirmations,
        IAntiforgery antiforgery, IDataProtectionProvider protection, TimeProvider clock, IStringLocalizer<RatingResource> t, CancellationToken ct)
    {
        if (!http.Request.HasFormContentType || !await antiforgery.IsRequestValidAsync(http))
        {
            return Page(RatingPageMode.Error, 400, new() { ["Error"] = t["ErrorForm"].Value });
        }

        var check = await CheckConfirmationAsync(token, key, keys, confirmations, clock, t, ct);
        if (check is not { Claims: { } claims, Held: { } held })
        {
            return check.Problem!;
        }

        if (await StaffClicksAsync(http, claims, recorder, ct))
        {
            return Page(RatingPageMode.NotCounted, 200, []);
        }

        if (!await confirmations.ClaimAsync(held.Id, ct))
        {
            // Another submission of the same link won the race.
            return Page(RatingPageMode.Error, 409, new() { ["Error"] = t["ErrorConfirmUsed"].Value });
        }

        return Recorded(await recorder.RecordAsync(claims, held.Grade, held.RaterId, ct), token, protection, t);
    }

    /// <summary>The comment page is reached only right after a click: the rating id travels protected and time-limited.</summary>
    private static ITimeLimitedDataProtector CommentProtector(IDataProtectionProvider protection) =>
        protection.CreateProtector("OneWindow.Feedback.RatingComment.v1").ToTimeLimitedDataProtector();

    private static Guid? Unprotect(IDataProtectionProvider protection, string? value)
    {
        try
        {
            return value is { Length: > 0 } && Guid.TryParseExact(CommentProtector(protection).Unprotect(value), "N", out var id) ? id : null;
        }
        catch (System.Security.Cryptography.CryptographicException)
        {
            return null;
        }
    }

    private static async Task<RazorComponentResult<RatingPageView>> CommentFormAsync(string token, string? c, HttpContext http, RatingRecorder recorder, IAntiforgery antiforgery,
        IDataProtectionProvider protection, IStringLocalizer<RatingResource> t, Data.AppDbContext db, CancellationToken ct)
    {
        if (Unprotect(protection, c) is not { } id || await recorder.FindAsync(id, ct) is not { } rating)
        {
            return Page(RatingPageMode.Error, 400, new() { ["Error"] = t["ErrorInvalid"].Value });
        }

        return await CommentPageAsync(http, token, c!, rating, rating.Comment, [.. rating.Reasons.Split(' ', StringSplitOptions.RemoveEmptyEntries)], null, 200, antiforgery, db, ct);
    }

    private static async Task<RazorComponentResult<RatingPageView>> CommentPageAsync(HttpContext http, string token, string key, RatingRecorder.RatingView rating, string? comment,
        HashSet<string> reasons, string? error, int status, IAntiforgery antiforgery, Data.AppDbContext db, CancellationToken ct)
    {
        var settings = await RatingSettings.LoadAsync(db, ct);
        return Page(RatingPageMode.Comment, status, new()
        {
            ["EmployeeName"] = rating.EmployeeName,
            ["Scale"] = rating.Scale,
            ["Grade"] = rating.Grade,
            ["FormAction"] = $"/r/{token}/comment",
            ["Antiforgery"] = antiforgery.GetAndStoreTokens(http).RequestToken,
            ["CommentKey"] = key,
            ["Comment"] = comment,
            ["CommentRequired"] = rating.Grade <= settings.CommentRequiredAtOrBelow,
            ["Reasons"] = RatingSettings.Reasons(settings),
            ["SelectedReasons"] = reasons,
            ["Error"] = error,
        });
    }

    private static async Task<RazorComponentResult<RatingPageView>> SaveCommentAsync(string token, HttpContext http, RatingRecorder recorder, IAntiforgery antiforgery,
        IDataProtectionProvider protection, IStringLocalizer<RatingResource> t, Data.AppDbContext db, CancellationToken ct)
    {
        if (!http.Request.HasFormContentType || !await antiforgery.IsRequestValidAsync(http))
        {
            return Page(RatingPageMode.Error, 400, new() { ["Error"] = t["ErrorForm"].Value });
        }

        var form = await http.Request.ReadFormAsync(ct);
        var key = form["c"].ToString();
        if (Unprotect(protection, key) is not { } id || await recorder.FindAsync(id, ct) is not { } rating)
        {
            return Page(RatingPageMode.Error, 400, new() { ["Error"] = t["ErrorInvalid"].Value });
        }

        var settings = await RatingSettings.LoadAsync(db, ct);
        var known = RatingSettings.Reasons(settings).Select(r => r.Key).ToHashSet(StringComparer.Ordinal);
        var reasons = form["reasons"].Where(r => r is not null && known.Contains(r)).Select(r => r!).ToHashSet(StringComparer.Ordinal);
        var comment = form["comment"].ToString();
        if (comment.Length > 4000)
        {
            return await CommentPageAsync(http, token, key, rating, comment, reasons, t["ErrorCommentLong"], 400, antiforgery, db, ct);
        }

        if (string.IsNullOrWhiteSpace(comment) && rating.Grade <= settings.CommentRequiredAtOrBelow)
        {
            // Refused with the input kept: the reasons ticked stay ticked.
            return await CommentPageAsync(http, token, key, rating, comment, reasons, t["ErrorCommentRequired"], 400, antiforgery, db, ct);
        }

        await recorder.SaveCommentAsync(id, comment, reasons, ct);
        return Page(RatingPageMode.Done, 200, []);
    }
}
