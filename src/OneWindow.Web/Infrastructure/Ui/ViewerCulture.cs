using Microsoft.AspNetCore.Localization;

namespace OneWindow.Web.Infrastructure.Ui;

/// <summary>The language an API answer or a file speaks when the caller has not chosen one in the UI.</summary>
public static class ViewerCulture
{
    /// <summary>
    /// The language of notes and workbook headers: the culture the person chose in the UI (its cookie), else their profile's
    /// preference (API callers with a token have no cookie), else Russian.
    /// </summary>
    public static async Task UseAsync(HttpContext http, AppDbContext db, CurrentActor actor, CancellationToken ct)
    {
        if (http.Request.Cookies.ContainsKey(CookieRequestCultureProvider.DefaultCookieName) || actor.UserId is not { } userId)
        {
            return;
        }

        var preferred = await db.Users.Where(u => u.Id == userId).Select(u => u.Culture).FirstOrDefaultAsync(ct);
        var culture = UiSetup.Cultures.FirstOrDefault(c => string.Equals(c.TwoLetterISOLanguageName, preferred, StringComparison.OrdinalIgnoreCase));
        if (culture is not null)
        {
            CultureInfo.CurrentCulture = culture;
            CultureInfo.CurrentUICulture = culture;
        }
    }

}
