using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace OneWindow.Web.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class ClockReportIndexes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "IX_TicketClocks_CompanyId_MetricId_BreachedAt",
                table: "TicketClocks",
                columns: new[] { "CompanyId", "MetricId", "BreachedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_TicketClocks_CompanyId_MetricId_StoppedAt",
                table: "TicketClocks",
                columns: new[] { "CompanyId", "MetricId", "StoppedAt" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_TicketClocks_CompanyId_MetricId_BreachedAt",
                table: "TicketClocks");

            migrationBuilder.DropIndex(
                name: "IX_TicketClocks_CompanyId_MetricId_StoppedAt",
                table: "TicketClocks");
        }
    }
}
