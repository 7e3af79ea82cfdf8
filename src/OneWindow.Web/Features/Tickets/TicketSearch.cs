using NpgsqlTypes;

namespace OneWindow.Web.Features.Tickets;

/// <summary>
/// Full-text search over a ticket's number, subject, description and messages: PostgreSQL's `russian` text search
/// configuration (Russian stemming; Latin words get the English stemmer), SQLite's FTS5 with Unicode folding and
/// prefix matching. Ticket numbers also match as plain text.
/// </summary>
public static class TicketSearch
{
    public const string VectorColumn = "SearchVector";

    public static IQueryable<Ticket> Search(this IQueryable<Ticket> query, AppDbContext db, string text)
    {
        var q = text.Trim();
        if (q.Length == 0)
        {
            return query;
        }

        var number = q.ToUpperInvariant();
        if (db.Database.IsNpgsql())
        {
            return query.Where(t => t.Number.Contains(number)
                || EF.Property<NpgsqlTsVector>(t, VectorColumn).Matches(EF.Functions.WebSearchToTsQuery("russian", q))
                || db.TicketMessages.Any(m => m.TicketId == t.Id && EF.Property<NpgsqlTsVector>(m, VectorColumn).Matches(EF.Functions.WebSearchToTsQuery("russian", q))));
        }

        var match = Fts5Query(q);
        if (match is null)
        {
            return query.Where(t => t.Number.Contains(number));
        }

        var ids = db.Database.SqlQuery<Guid>($"SELECT TicketId AS \"Value\" FROM TicketSearch WHERE TicketSearch MATCH {match}");
        return query.Where(t => t.Number.Contains(number) || ids.Contains(t.Id));
    }

    /// <summary>Every word becomes a quoted prefix term, all required: no FTS5 syntax from the user reaches the engine.</summary>
    internal static string? Fts5Query(string text)
    {
        var terms = new List<string>();
        var word = new StringBuilder();
        foreach (var ch in text + " ")
        {
            if (char.IsLetterOrDigit(ch))
            {
                word.Append(ch);
            }
            else if (word.Length > 0)
            {
                terms.Add("\"" + word + "\"*");
                word.Clear();
            }
        }

        return terms.Count == 0 ? null : string.Join(" AND ", terms.Take(12));
    }
}

/// <summary>Full-text search on PostgreSQL: stored tsvector columns in the russian configuration, with GIN indexes.</summary>
internal sealed class TicketSearchModel : IProviderModelConfiguration
{
    public void Configure(ModelBuilder builder, DatabaseProvider provider)
    {
        if (provider != DatabaseProvider.Postgres)
        {
            return;
        }

        builder.Entity<Ticket>().Property<NpgsqlTsVector>(TicketSearch.VectorColumn)
            .HasComputedColumnSql("to_tsvector('russian', coalesce(\"Number\", '') || ' ' || coalesce(\"Subject\", '') || ' ' || coalesce(\"Description\", ''))", stored: true);
        builder.Entity<Ticket>().HasIndex(TicketSearch.VectorColumn).HasMethod("GIN");
        builder.Entity<TicketMessage>().Property<NpgsqlTsVector>(TicketSearch.VectorColumn)
            .HasComputedColumnSql("to_tsvector('russian', coalesce(\"Body\", ''))", stored: true);
        builder.Entity<TicketMessage>().HasIndex(TicketSearch.VectorColumn).HasMethod("GIN");
    }
}
