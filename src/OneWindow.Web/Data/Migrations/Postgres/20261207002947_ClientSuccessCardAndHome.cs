using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace OneWindow.Web.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class ClientSuccessCardAndHome : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<Guid>(
                name: "ClientResponsibleId",
                table: "AgreementMetrics",
                type: "uuid",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "AccountNotes",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    CompanyId = table.Column<Guid>(type: "uuid", nullable: false),
                    Kind = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    Title = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    Text = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: true),
                    AuthorId = table.Column<Guid>(type: "uuid", nullable: true),
                    AuthorName = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    Version = table.Column<int>(type: "integer", nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    UpdatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AccountNotes", x => x.Id);
                    table.ForeignKey(
                        name: "FK_AccountNotes_AspNetUsers_AuthorId",
                        column: x => x.AuthorId,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.SetNull);
                    table.ForeignKey(
                        name: "FK_AccountNotes_Companies_CompanyId",
                        column: x => x.CompanyId,
                        principalTable: "Companies",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_AgreementMetrics_ClientResponsibleId",
                table: "AgreementMetrics",
                column: "ClientResponsibleId");

            migrationBuilder.CreateIndex(
                name: "IX_AccountNotes_AuthorId",
                table: "AccountNotes",
                column: "AuthorId");

            migrationBuilder.CreateIndex(
                name: "IX_AccountNotes_CompanyId_Kind",
                table: "AccountNotes",
                columns: new[] { "CompanyId", "Kind" });

            migrationBuilder.AddForeignKey(
                name: "FK_AgreementMetrics_AspNetUsers_ClientResponsibleId",
                table: "AgreementMetrics",
                column: "ClientResponsibleId",
                principalTable: "AspNetUsers",
                principalColumn: "Id",
                onDelete: ReferentialAction.SetNull);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "FK_AgreementMetrics_AspNetUsers_ClientResponsibleId",
                table: "AgreementMetrics");

            migrationBuilder.DropTable(
                name: "AccountNotes");

            migrationBuilder.DropIndex(
                name: "IX_AgreementMetrics_ClientResponsibleId",
                table: "AgreementMetrics");

            migrationBuilder.DropColumn(
                name: "ClientResponsibleId",
                table: "AgreementMetrics");
        }
    }
}
