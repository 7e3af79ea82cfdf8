using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace OneWindow.Web.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class ClockReportCoveringIndexes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_TicketClocks_CompanyId_MetricId_BreachedAt",
                table: "TicketClocks");

            migrationBuilder.DropIndex(
                name: "IX_TicketClocks_CompanyId_MetricId_StoppedAt",
                table: "TicketClocks");

            migrationBuilder.CreateIndex(
                name: "IX_TicketClocks_CompanyId_MetricId_BreachedAt_State",
                table: "TicketClocks",
                columns: new[] { "CompanyId", "MetricId", "BreachedAt", "State" });

            migrationBuilder.CreateIndex(
                name: "IX_TicketClocks_CompanyId_MetricId_StoppedAt_State",
                table: "TicketClocks",
                columns: new[] { "CompanyId", "MetricId", "StoppedAt", "State" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_TicketClocks_CompanyId_MetricId_BreachedAt_State",
                table: "TicketClocks");

            migrationBuilder.DropIndex(
                name: "IX_TicketClocks_CompanyId_MetricId_StoppedAt_State",
                table: "TicketClocks");

            migrationBuilder.CreateIndex(
                name: "IX_TicketClocks_CompanyId_MetricId_BreachedAt",
                table: "TicketClocks",
                columns: new[] { "CompanyId", "MetricId", "BreachedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_TicketClocks_CompanyId_MetricId_StoppedAt",
                table: "TicketClocks",
                columns: new[] { "CompanyId", "MetricId", "StoppedAt" });
        }
    }
}
