using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace OneWindow.Web.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class TicketSlaSummary : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<long>(
                name: "SlaBreachAt",
                table: "Tickets",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "SlaDueAt",
                table: "Tickets",
                type: "INTEGER",
                nullable: true);

            // The existing tickets take their summary from their stored clocks, as the clock keeper now writes it.
            migrationBuilder.Sql("""
                UPDATE "Tickets" SET
                    "SlaDueAt" = (SELECT min(c."DueAt") FROM "TicketClocks" c
                        WHERE c."TicketId" = "Tickets"."Id" AND c."Side" = 'Sla' AND c."State" IN ('Running', 'RunningBreached')),
                    "SlaBreachAt" = (SELECT min(c."BreachedAt") FROM "TicketClocks" c
                        WHERE c."TicketId" = "Tickets"."Id" AND c."Side" = 'Sla')
                WHERE EXISTS (SELECT 1 FROM "TicketClocks" c WHERE c."TicketId" = "Tickets"."Id" AND c."Side" = 'Sla')
                """);

            migrationBuilder.CreateIndex(
                name: "IX_Tickets_SlaBreachAt",
                table: "Tickets",
                column: "SlaBreachAt");

            migrationBuilder.CreateIndex(
                name: "IX_Tickets_SlaDueAt_Number",
                table: "Tickets",
                columns: new[] { "SlaDueAt", "Number" },
                descending: new[] { false, true });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Tickets_SlaBreachAt",
                table: "Tickets");

            migrationBuilder.DropIndex(
                name: "IX_Tickets_SlaDueAt_Number",
                table: "Tickets");

            migrationBuilder.DropColumn(
                name: "SlaBreachAt",
                table: "Tickets");

            migrationBuilder.DropColumn(
                name: "SlaDueAt",
                table: "Tickets");
        }
    }
}
