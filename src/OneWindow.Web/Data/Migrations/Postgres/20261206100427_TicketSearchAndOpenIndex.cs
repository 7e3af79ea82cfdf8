using Microsoft.EntityFrameworkCore.Migrations;
using NpgsqlTypes;

#nullable disable

namespace OneWindow.Web.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class TicketSearchAndOpenIndex : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<NpgsqlTsVector>(
                name: "ConversationVector",
                table: "Tickets",
                type: "tsvector",
                nullable: true);

            migrationBuilder.AddColumn<NpgsqlTsVector>(
                name: "NotesVector",
                table: "Tickets",
                type: "tsvector",
                nullable: true);

            // The words of a ticket's messages on the ticket row, client-visible ones apart from internal notes, so one
            // table's GIN indexes answer a search (TicketSearch). A new message appends its vector; an edited, moved or
            // deleted one has its ticket's vectors rebuilt from the messages left.
            migrationBuilder.Sql("""
                CREATE FUNCTION ow_ticket_message_search() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    IF TG_OP = 'INSERT' THEN
                        IF NEW."Kind" = 'InternalNote' THEN
                            UPDATE "Tickets" SET "NotesVector" = coalesce("NotesVector", ''::tsvector) || NEW."SearchVector" WHERE "Id" = NEW."TicketId";
                        ELSE
                            UPDATE "Tickets" SET "ConversationVector" = coalesce("ConversationVector", ''::tsvector) || NEW."SearchVector" WHERE "Id" = NEW."TicketId";
                        END IF;
                        RETURN NULL;
                    END IF;
                    UPDATE "Tickets" t SET
                        "ConversationVector" = (SELECT to_tsvector('russian', string_agg(m."Body", ' ')) FROM "TicketMessages" m
                            WHERE m."TicketId" = t."Id" AND m."Kind" <> 'InternalNote'),
                        "NotesVector" = (SELECT to_tsvector('russian', string_agg(m."Body", ' ')) FROM "TicketMessages" m
                            WHERE m."TicketId" = t."Id" AND m."Kind" = 'InternalNote')
                    WHERE t."Id" = OLD."TicketId" OR (TG_OP = 'UPDATE' AND t."Id" = NEW."TicketId");
                    RETURN NULL;
                END $$;

                CREATE TRIGGER ow_ticket_message_search AFTER INSERT OR UPDATE OF "Body", "Kind", "TicketId" OR DELETE ON "TicketMessages"
                    FOR EACH ROW EXECUTE FUNCTION ow_ticket_message_search();

                UPDATE "Tickets" t SET "ConversationVector" = s.v
                FROM (SELECT "TicketId", to_tsvector('russian', string_agg("Body", ' ')) AS v FROM "TicketMessages" WHERE "Kind" <> 'InternalNote' GROUP BY "TicketId") s
                WHERE s."TicketId" = t."Id";
                UPDATE "Tickets" t SET "NotesVector" = s.v
                FROM (SELECT "TicketId", to_tsvector('russian', string_agg("Body", ' ')) AS v FROM "TicketMessages" WHERE "Kind" = 'InternalNote' GROUP BY "TicketId") s
                WHERE s."TicketId" = t."Id";
                """);

            migrationBuilder.CreateIndex(
                name: "IX_Tickets_ConversationVector",
                table: "Tickets",
                column: "ConversationVector")
                .Annotation("Npgsql:IndexMethod", "GIN");

            migrationBuilder.CreateIndex(
                name: "IX_Tickets_NotesVector",
                table: "Tickets",
                column: "NotesVector")
                .Annotation("Npgsql:IndexMethod", "GIN");

            migrationBuilder.CreateIndex(
                name: "IX_Tickets_Open_LastActivityAt",
                table: "Tickets",
                column: "LastActivityAt",
                filter: "\"Status\" NOT IN ('Resolved', 'Closed')");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                DROP TRIGGER ow_ticket_message_search ON "TicketMessages";
                DROP FUNCTION ow_ticket_message_search();
                """);

            migrationBuilder.DropIndex(
                name: "IX_Tickets_ConversationVector",
                table: "Tickets");

            migrationBuilder.DropIndex(
                name: "IX_Tickets_NotesVector",
                table: "Tickets");

            migrationBuilder.DropIndex(
                name: "IX_Tickets_Open_LastActivityAt",
                table: "Tickets");

            migrationBuilder.DropColumn(
                name: "ConversationVector",
                table: "Tickets");

            migrationBuilder.DropColumn(
                name: "NotesVector",
                table: "Tickets");
        }
    }
}
