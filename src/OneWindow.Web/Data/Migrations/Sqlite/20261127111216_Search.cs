using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace OneWindow.Web.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class Search : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // SQLite has no model-level full-text search: an FTS5 table kept in step by triggers (see TicketSearch).
            migrationBuilder.Sql("""
                CREATE VIRTUAL TABLE "TicketSearch" USING fts5("TicketId" UNINDEXED, "Source" UNINDEXED, "Content", tokenize = 'unicode61 remove_diacritics 2');
                INSERT INTO "TicketSearch" ("TicketId", "Source", "Content") SELECT "Id", 'ticket', "Number" || ' ' || "Subject" || ' ' || "Description" FROM "Tickets";
                INSERT INTO "TicketSearch" ("TicketId", "Source", "Content") SELECT "TicketId", "Id", "Body" FROM "TicketMessages";
                CREATE TRIGGER "Tickets_search_insert" AFTER INSERT ON "Tickets" BEGIN
                    INSERT INTO "TicketSearch" ("TicketId", "Source", "Content") VALUES (NEW."Id", 'ticket', NEW."Number" || ' ' || NEW."Subject" || ' ' || NEW."Description");
                END;
                CREATE TRIGGER "Tickets_search_update" AFTER UPDATE OF "Number", "Subject", "Description" ON "Tickets" BEGIN
                    DELETE FROM "TicketSearch" WHERE "TicketId" = OLD."Id" AND "Source" = 'ticket';
                    INSERT INTO "TicketSearch" ("TicketId", "Source", "Content") VALUES (NEW."Id", 'ticket', NEW."Number" || ' ' || NEW."Subject" || ' ' || NEW."Description");
                END;
                CREATE TRIGGER "Tickets_search_delete" AFTER DELETE ON "Tickets" BEGIN
                    DELETE FROM "TicketSearch" WHERE "TicketId" = OLD."Id";
                END;
                CREATE TRIGGER "TicketMessages_search_insert" AFTER INSERT ON "TicketMessages" BEGIN
                    INSERT INTO "TicketSearch" ("TicketId", "Source", "Content") VALUES (NEW."TicketId", NEW."Id", NEW."Body");
                END;
                CREATE TRIGGER "TicketMessages_search_delete" AFTER DELETE ON "TicketMessages" BEGIN
                    DELETE FROM "TicketSearch" WHERE "Source" = OLD."Id";
                END;
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                DROP TRIGGER IF EXISTS "TicketMessages_search_delete";
                DROP TRIGGER IF EXISTS "TicketMessages_search_insert";
                DROP TRIGGER IF EXISTS "Tickets_search_delete";
                DROP TRIGGER IF EXISTS "Tickets_search_update";
                DROP TRIGGER IF EXISTS "Tickets_search_insert";
                DROP TABLE IF EXISTS "TicketSearch";
                """);
        }
    }
}
