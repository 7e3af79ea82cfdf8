using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace OneWindow.Web.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class ForwardNotesInternal : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // A forward and its note are internal (issue 11, item 3): earlier ones were written as public timeline events.
            migrationBuilder.Sql("""UPDATE "TicketEvents" SET "IsPublic" = 0 WHERE "Kind" = 'Forwarded';""");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            // Nothing to undo: showing internal notes to clients again is not a state worth restoring.
        }
    }
}
