using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace OneWindow.Web.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class TicketListTeamIndexes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "IX_Tickets_AssigneeId_LastActivityAt",
                table: "Tickets",
                columns: new[] { "AssigneeId", "LastActivityAt" });

            migrationBuilder.CreateIndex(
                name: "IX_Tickets_TeamId_LastActivityAt",
                table: "Tickets",
                columns: new[] { "TeamId", "LastActivityAt" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Tickets_AssigneeId_LastActivityAt",
                table: "Tickets");

            migrationBuilder.DropIndex(
                name: "IX_Tickets_TeamId_LastActivityAt",
                table: "Tickets");
        }
    }
}
