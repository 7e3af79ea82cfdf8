using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace OneWindow.Web.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class TicketActivityBreachIndex : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Tickets_LastActivityAt",
                table: "Tickets");

            migrationBuilder.CreateIndex(
                name: "IX_Tickets_LastActivityAt_SlaBreachAt",
                table: "Tickets",
                columns: new[] { "LastActivityAt", "SlaBreachAt" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Tickets_LastActivityAt_SlaBreachAt",
                table: "Tickets");

            migrationBuilder.CreateIndex(
                name: "IX_Tickets_LastActivityAt",
                table: "Tickets",
                column: "LastActivityAt");
        }
    }
}
