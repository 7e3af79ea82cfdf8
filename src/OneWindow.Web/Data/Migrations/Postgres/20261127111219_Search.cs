using Microsoft.EntityFrameworkCore.Migrations;
using NpgsqlTypes;

#nullable disable

namespace OneWindow.Web.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class Search : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<NpgsqlTsVector>(
                name: "SearchVector",
                table: "Tickets",
                type: "tsvector",
                nullable: true,
                computedColumnSql: "to_tsvector('russian', coalesce(\"Number\", '') || ' ' || coalesce(\"Subject\", '') || ' ' || coalesce(\"Description\", ''))",
                stored: true);

            migrationBuilder.AddColumn<NpgsqlTsVector>(
                name: "SearchVector",
                table: "TicketMessages",
                type: "tsvector",
                nullable: true,
                computedColumnSql: "to_tsvector('russian', coalesce(\"Body\", ''))",
                stored: true);

            migrationBuilder.CreateIndex(
                name: "IX_Tickets_SearchVector",
                table: "Tickets",
                column: "SearchVector")
                .Annotation("Npgsql:IndexMethod", "GIN");

            migrationBuilder.CreateIndex(
                name: "IX_TicketMessages_SearchVector",
                table: "TicketMessages",
                column: "SearchVector")
                .Annotation("Npgsql:IndexMethod", "GIN");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Tickets_SearchVector",
                table: "Tickets");

            migrationBuilder.DropIndex(
                name: "IX_TicketMessages_SearchVector",
                table: "TicketMessages");

            migrationBuilder.DropColumn(
                name: "SearchVector",
                table: "Tickets");

            migrationBuilder.DropColumn(
                name: "SearchVector",
                table: "TicketMessages");
        }
    }
}
