namespace OneWindow.Web.Features.People;

/// <summary>The admin page's writes to one person through <see cref="PeopleDesk"/>, the person loaded afresh in the write's scope.</summary>
public static class PersonWrites
{
    public static Task<PageWrite> ForPersonAsync(this PageWrites writes, Guid id, Func<PeopleDesk, AppUser, Task<DeskResult>> change,
        IStringLocalizer<AdminResource> text, string? done = null) =>
        writes.RunAsync<PeopleDesk>(async (desk, db) => await db.Users.FirstOrDefaultAsync(u => u.Id == id) is { } user ? await change(desk, user) : DeskResult.Missing,
            new PeopleDeskText(text), done, duplicate: text["EmailTaken"]);
}
