using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace OneWindow.Web.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class SurveyActions : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "SurveyActions",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    CompanyId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Title = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Description = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: true),
                    OwnerId = table.Column<Guid>(type: "TEXT", nullable: true),
                    DueOn = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    Status = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    SourceKind = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    CampaignId = table.Column<Guid>(type: "TEXT", nullable: false),
                    WaveId = table.Column<Guid>(type: "TEXT", nullable: false),
                    AttributeKey = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    ResponseId = table.Column<Guid>(type: "TEXT", nullable: true),
                    QuestionKey = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    FollowUpOfResponseId = table.Column<Guid>(type: "TEXT", nullable: true),
                    CreatedById = table.Column<Guid>(type: "TEXT", nullable: true),
                    ClosedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    Version = table.Column<int>(type: "INTEGER", nullable: false),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    UpdatedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SurveyActions", x => x.Id);
                    table.ForeignKey(
                        name: "FK_SurveyActions_AspNetUsers_CreatedById",
                        column: x => x.CreatedById,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_SurveyActions_AspNetUsers_OwnerId",
                        column: x => x.OwnerId,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_SurveyActions_Companies_CompanyId",
                        column: x => x.CompanyId,
                        principalTable: "Companies",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_SurveyActions_SurveyCampaigns_CampaignId",
                        column: x => x.CampaignId,
                        principalTable: "SurveyCampaigns",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_SurveyActions_SurveyResponses_ResponseId",
                        column: x => x.ResponseId,
                        principalTable: "SurveyResponses",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_SurveyActions_SurveyWaves_WaveId",
                        column: x => x.WaveId,
                        principalTable: "SurveyWaves",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "IX_SurveyActions_CampaignId_WaveId",
                table: "SurveyActions",
                columns: new[] { "CampaignId", "WaveId" });

            migrationBuilder.CreateIndex(
                name: "IX_SurveyActions_CompanyId_Status_DueOn",
                table: "SurveyActions",
                columns: new[] { "CompanyId", "Status", "DueOn" });

            migrationBuilder.CreateIndex(
                name: "IX_SurveyActions_CreatedById",
                table: "SurveyActions",
                column: "CreatedById");

            migrationBuilder.CreateIndex(
                name: "IX_SurveyActions_FollowUpOfResponseId",
                table: "SurveyActions",
                column: "FollowUpOfResponseId",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_SurveyActions_OwnerId",
                table: "SurveyActions",
                column: "OwnerId");

            migrationBuilder.CreateIndex(
                name: "IX_SurveyActions_ResponseId",
                table: "SurveyActions",
                column: "ResponseId");

            migrationBuilder.CreateIndex(
                name: "IX_SurveyActions_WaveId",
                table: "SurveyActions",
                column: "WaveId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "SurveyActions");
        }
    }
}
