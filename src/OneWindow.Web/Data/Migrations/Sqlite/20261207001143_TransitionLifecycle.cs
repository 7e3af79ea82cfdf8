using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace OneWindow.Web.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class TransitionLifecycle : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "TransitionChecklistTemplate",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    Stage = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    Text = table.Column<string>(type: "TEXT", maxLength: 300, nullable: false),
                    TextEn = table.Column<string>(type: "TEXT", maxLength: 300, nullable: true),
                    Order = table.Column<int>(type: "INTEGER", nullable: false),
                    Version = table.Column<int>(type: "INTEGER", nullable: false),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    UpdatedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_TransitionChecklistTemplate", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "TransitionSignOff",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    CompanyId = table.Column<Guid>(type: "TEXT", nullable: false),
                    ClientServiceId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Stage = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    Side = table.Column<string>(type: "TEXT", maxLength: 10, nullable: false),
                    SignerId = table.Column<Guid>(type: "TEXT", nullable: true),
                    SignerName = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    SignerTitle = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    SignedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    RecordedByName = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Version = table.Column<int>(type: "INTEGER", nullable: false),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    UpdatedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_TransitionSignOff", x => x.Id);
                    table.ForeignKey(
                        name: "FK_TransitionSignOff_ClientServices_ClientServiceId",
                        column: x => x.ClientServiceId,
                        principalTable: "ClientServices",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_TransitionSignOff_Companies_CompanyId",
                        column: x => x.CompanyId,
                        principalTable: "Companies",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "TransitionStageChange",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    CompanyId = table.Column<Guid>(type: "TEXT", nullable: false),
                    ClientServiceId = table.Column<Guid>(type: "TEXT", nullable: false),
                    FromStage = table.Column<string>(type: "TEXT", maxLength: 20, nullable: true),
                    ToStage = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    StartedOn = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    ChangedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    ChangedById = table.Column<Guid>(type: "TEXT", nullable: true),
                    ChangedByName = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Version = table.Column<int>(type: "INTEGER", nullable: false),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    UpdatedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_TransitionStageChange", x => x.Id);
                    table.ForeignKey(
                        name: "FK_TransitionStageChange_ClientServices_ClientServiceId",
                        column: x => x.ClientServiceId,
                        principalTable: "ClientServices",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_TransitionStageChange_Companies_CompanyId",
                        column: x => x.CompanyId,
                        principalTable: "Companies",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "TransitionChecklistTick",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    CompanyId = table.Column<Guid>(type: "TEXT", nullable: false),
                    ClientServiceId = table.Column<Guid>(type: "TEXT", nullable: false),
                    TemplateId = table.Column<Guid>(type: "TEXT", nullable: false),
                    TickedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    TickedById = table.Column<Guid>(type: "TEXT", nullable: true),
                    TickedByName = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Version = table.Column<int>(type: "INTEGER", nullable: false),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    UpdatedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_TransitionChecklistTick", x => x.Id);
                    table.ForeignKey(
                        name: "FK_TransitionChecklistTick_ClientServices_ClientServiceId",
                        column: x => x.ClientServiceId,
                        principalTable: "ClientServices",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_TransitionChecklistTick_Companies_CompanyId",
                        column: x => x.CompanyId,
                        principalTable: "Companies",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_TransitionChecklistTick_TransitionChecklistTemplate_TemplateId",
                        column: x => x.TemplateId,
                        principalTable: "TransitionChecklistTemplate",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_TransitionChecklistTemplate_Stage_Order",
                table: "TransitionChecklistTemplate",
                columns: new[] { "Stage", "Order" });

            migrationBuilder.CreateIndex(
                name: "IX_TransitionChecklistTick_ClientServiceId_TemplateId",
                table: "TransitionChecklistTick",
                columns: new[] { "ClientServiceId", "TemplateId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_TransitionChecklistTick_CompanyId",
                table: "TransitionChecklistTick",
                column: "CompanyId");

            migrationBuilder.CreateIndex(
                name: "IX_TransitionChecklistTick_TemplateId",
                table: "TransitionChecklistTick",
                column: "TemplateId");

            migrationBuilder.CreateIndex(
                name: "IX_TransitionSignOff_ClientServiceId_Stage_Side",
                table: "TransitionSignOff",
                columns: new[] { "ClientServiceId", "Stage", "Side" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_TransitionSignOff_CompanyId",
                table: "TransitionSignOff",
                column: "CompanyId");

            migrationBuilder.CreateIndex(
                name: "IX_TransitionStageChange_ClientServiceId_ChangedAt",
                table: "TransitionStageChange",
                columns: new[] { "ClientServiceId", "ChangedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_TransitionStageChange_CompanyId",
                table: "TransitionStageChange",
                column: "CompanyId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "TransitionChecklistTick");

            migrationBuilder.DropTable(
                name: "TransitionSignOff");

            migrationBuilder.DropTable(
                name: "TransitionStageChange");

            migrationBuilder.DropTable(
                name: "TransitionChecklistTemplate");
        }
    }
}
