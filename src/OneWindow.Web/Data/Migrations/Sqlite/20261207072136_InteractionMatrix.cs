using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace OneWindow.Web.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class InteractionMatrix : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "InteractionMatrixRows",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    CompanyId = table.Column<Guid>(type: "TEXT", nullable: false),
                    ServiceId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Stage = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Activity = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Side = table.Column<string>(type: "TEXT", maxLength: 8, nullable: false),
                    Letter = table.Column<string>(type: "TEXT", maxLength: 1, nullable: false),
                    Target = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    PersonId = table.Column<Guid>(type: "TEXT", nullable: true),
                    AccountRole = table.Column<string>(type: "TEXT", maxLength: 32, nullable: true),
                    ClientRole = table.Column<string>(type: "TEXT", maxLength: 32, nullable: true),
                    ClientDepartment = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    Note = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    Version = table.Column<int>(type: "INTEGER", nullable: false),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    UpdatedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_InteractionMatrixRows", x => x.Id);
                    table.ForeignKey(
                        name: "FK_InteractionMatrixRows_AspNetUsers_PersonId",
                        column: x => x.PersonId,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_InteractionMatrixRows_Companies_CompanyId",
                        column: x => x.CompanyId,
                        principalTable: "Companies",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_InteractionMatrixRows_Services_ServiceId",
                        column: x => x.ServiceId,
                        principalTable: "Services",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_InteractionMatrixRows_CompanyId_ServiceId_Stage",
                table: "InteractionMatrixRows",
                columns: new[] { "CompanyId", "ServiceId", "Stage" });

            migrationBuilder.CreateIndex(
                name: "IX_InteractionMatrixRows_PersonId",
                table: "InteractionMatrixRows",
                column: "PersonId");

            migrationBuilder.CreateIndex(
                name: "IX_InteractionMatrixRows_ServiceId",
                table: "InteractionMatrixRows",
                column: "ServiceId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "InteractionMatrixRows");
        }
    }
}
