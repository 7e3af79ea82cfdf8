using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace OneWindow.Web.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class JourneyMaps : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "JourneyMaps",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    Title = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    ServiceId = table.Column<Guid>(type: "uuid", nullable: false),
                    Persona = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: false),
                    CompanyId = table.Column<Guid>(type: "uuid", nullable: true),
                    Status = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    Version = table.Column<int>(type: "integer", nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    UpdatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_JourneyMaps", x => x.Id);
                    table.ForeignKey(
                        name: "FK_JourneyMaps_Companies_CompanyId",
                        column: x => x.CompanyId,
                        principalTable: "Companies",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_JourneyMaps_Services_ServiceId",
                        column: x => x.ServiceId,
                        principalTable: "Services",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "JourneyStages",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    MapId = table.Column<Guid>(type: "uuid", nullable: false),
                    Order = table.Column<int>(type: "integer", nullable: false),
                    Title = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_JourneyStages", x => x.Id);
                    table.ForeignKey(
                        name: "FK_JourneyStages_JourneyMaps_MapId",
                        column: x => x.MapId,
                        principalTable: "JourneyMaps",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "JourneySteps",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    StageId = table.Column<Guid>(type: "uuid", nullable: false),
                    MapId = table.Column<Guid>(type: "uuid", nullable: false),
                    Order = table.Column<int>(type: "integer", nullable: false),
                    Title = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    ClientAction = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    Touchpoint = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    Channel = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    Thoughts = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    EmotionAsIs = table.Column<int>(type: "integer", nullable: false),
                    EmotionToBe = table.Column<int>(type: "integer", nullable: false),
                    PainPoints = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    Opportunities = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    Backstage = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    CodeSections = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_JourneySteps", x => x.Id);
                    table.ForeignKey(
                        name: "FK_JourneySteps_JourneyStages_StageId",
                        column: x => x.StageId,
                        principalTable: "JourneyStages",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "JourneyComments",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    MapId = table.Column<Guid>(type: "uuid", nullable: false),
                    StepId = table.Column<Guid>(type: "uuid", nullable: false),
                    AuthorId = table.Column<Guid>(type: "uuid", nullable: false),
                    Text = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: false),
                    IsProposal = table.Column<bool>(type: "boolean", nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_JourneyComments", x => x.Id);
                    table.ForeignKey(
                        name: "FK_JourneyComments_AspNetUsers_AuthorId",
                        column: x => x.AuthorId,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_JourneyComments_JourneySteps_StepId",
                        column: x => x.StepId,
                        principalTable: "JourneySteps",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "JourneyTouchpointBindings",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    StepId = table.Column<Guid>(type: "uuid", nullable: false),
                    Kind = table.Column<string>(type: "character varying(24)", maxLength: 24, nullable: false),
                    TargetId = table.Column<Guid>(type: "uuid", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_JourneyTouchpointBindings", x => x.Id);
                    table.ForeignKey(
                        name: "FK_JourneyTouchpointBindings_JourneySteps_StepId",
                        column: x => x.StepId,
                        principalTable: "JourneySteps",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_JourneyComments_AuthorId",
                table: "JourneyComments",
                column: "AuthorId");

            migrationBuilder.CreateIndex(
                name: "IX_JourneyComments_MapId",
                table: "JourneyComments",
                column: "MapId");

            migrationBuilder.CreateIndex(
                name: "IX_JourneyComments_StepId",
                table: "JourneyComments",
                column: "StepId");

            migrationBuilder.CreateIndex(
                name: "IX_JourneyMaps_CompanyId",
                table: "JourneyMaps",
                column: "CompanyId");

            migrationBuilder.CreateIndex(
                name: "IX_JourneyMaps_ServiceId",
                table: "JourneyMaps",
                column: "ServiceId");

            migrationBuilder.CreateIndex(
                name: "IX_JourneyStages_MapId",
                table: "JourneyStages",
                column: "MapId");

            migrationBuilder.CreateIndex(
                name: "IX_JourneySteps_MapId",
                table: "JourneySteps",
                column: "MapId");

            migrationBuilder.CreateIndex(
                name: "IX_JourneySteps_StageId",
                table: "JourneySteps",
                column: "StageId");

            migrationBuilder.CreateIndex(
                name: "IX_JourneyTouchpointBindings_StepId",
                table: "JourneyTouchpointBindings",
                column: "StepId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "JourneyComments");

            migrationBuilder.DropTable(
                name: "JourneyTouchpointBindings");

            migrationBuilder.DropTable(
                name: "JourneySteps");

            migrationBuilder.DropTable(
                name: "JourneyStages");

            migrationBuilder.DropTable(
                name: "JourneyMaps");
        }
    }
}
