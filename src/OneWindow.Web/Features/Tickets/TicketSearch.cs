using NpgsqlTypes;

namespace OneWindow.Web.Features.Tickets;

/// <summary>
/// Full-text search over a ticket's number, subject, description and messages: PostgreSQL's `russian` text search
/// configuration (Russian stemming; Latin words get the English stemmer), SQLite's FTS5 with Unicode folding and
/// prefix matching. Ticket numbers also match as plain text when the query has a digit. Internal notes are searched
/// for SSC staff only: a client never finds a ticket by words of a note they cannot read.
/// </summary>
public static class TicketSearch
{
    public const string VectorColumn = "SearchVector";

    /// <summary>
    /// PostgreSQL: the words of a ticket's client-visible messages (replies, client messages, calls) and of its internal
    /// notes, kept on the ticket row by a trigger on the messages (migration TicketConversationSearch), so a search is
    /// GIN lookups on one table — not a probe of the messages per ticket, which at a million tickets was most of its time.
    /// </summary>
    public const string ConversationColumn = "ConversationVector";
    public const string NotesColumn = "NotesVector";

    public static IQueryable<Ticket> Search(this IQueryable<Ticket> query, AppDbContext db, string text, bool includeInternalNotes)
    {
        var q = text.Trim();
        if (q.Length == 0)
        {
            return query;
        }

        // A substring test cannot use an index: only a query that could be (part of) a ticket number pays for it.
        var number = q.Any(char.IsDigit) ? q.ToUpperInvariant() : null;
        if (db.Database.IsNpgsql())
        {
            Expression<Func<Ticket, bool>> words = t => EF.Property<NpgsqlTsVector>(t, VectorColumn).Matches(EF.Functions.WebSearchToTsQuery("russian", q))
                || EF.Property<NpgsqlTsVector>(t, ConversationColumn).Matches(EF.Functions.WebSearchToTsQuery("russian", q));
            if (includeInternalNotes)
            {
                words = words.Or(t => EF.Property<NpgsqlTsVector>(t, NotesColumn).Matches(EF.Functions.WebSearchToTsQuery("russian", q)));
            }

            return number is null ? query.Where(words) : query.Where(words.Or(t => t.Number.Contains(number)));
        }

        var match = Fts5Query(q);
        if (match is null)
        {
            return number is null ? query.Where(_ => false) : query.Where(t => t.Number.Contains(number));
        }

        // "Source" is 'ticket' for the ticket's own text and the message's id for a message.
        var ids = includeInternalNotes
            ? db.Database.SqlQuery<Guid>($"SELECT TicketId AS \"Value\" FROM TicketSearch WHERE TicketSearch MATCH {match}")
            : db.Database.SqlQuery<Guid>($"""
                SELECT s.TicketId AS "Value" FROM TicketSearch s
                WHERE TicketSearch MATCH {match} AND (s.Source = 'ticket' OR s.Source IN (SELECT m.Id FROM TicketMessages m WHERE m.Kind <> 'InternalNote'))
                """);
        return number is null ? query.Where(t => ids.Contains(t.Id)) : query.Where(t => t.Number.Contains(number) || ids.Contains(t.Id));
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
        // Written only by the messages' trigger: EF never sends them.
        foreach (var column in new[] { TicketSearch.ConversationColumn, TicketSearch.NotesColumn })
        {
            var property = builder.Entity<Ticket>().Property<NpgsqlTsVector?>(column).ValueGeneratedOnAddOrUpdate();
            property.Metadata.SetBeforeSaveBehavior(Microsoft.EntityFrameworkCore.Metadata.PropertySaveBehavior.Ignore);
            property.Metadata.SetAfterSaveBehavior(Microsoft.EntityFrameworkCore.Metadata.PropertySaveBehavior.Ignore);
            builder.Entity<Ticket>().HasIndex(column).HasMethod("GIN");
        }
        builder.Entity<TicketMessage>().Property<NpgsqlTsVector>(TicketSearch.VectorColumn)
            .HasComputedColumnSql("to_tsvector('russian', coalesce(\"Body\", ''))", stored: true);
        builder.Entity<TicketMessage>().HasIndex(TicketSearch.VectorColumn).HasMethod("GIN");
    }
}
