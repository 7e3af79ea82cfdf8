using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace OneWindow.Web.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class CalendarOneDefault : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "IX_Calendars_OneDefault",
                table: "Calendars",
                column: "IsDefault",
                unique: true,
                filter: "\"IsDefault\"");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Calendars_OneDefault",
                table: "Calendars");
        }
    }
}
