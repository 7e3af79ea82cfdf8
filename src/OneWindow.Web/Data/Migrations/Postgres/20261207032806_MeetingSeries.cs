using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace OneWindow.Web.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class MeetingSeries : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_InteractionDeliveries_ItemId_DueOn",
                table: "InteractionDeliveries");

            migrationBuilder.AddColumn<string>(
                name: "SeriesSent",
                table: "CompanyInteractions",
                type: "character varying(64)",
                maxLength: 64,
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "SeriesSequence",
                table: "CompanyInteractions",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<DateOnly>(
                name: "SeriesThrough",
                table: "CompanyInteractions",
                type: "date",
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "IX_InteractionDeliveries_ItemId_DueOn_Period",
                table: "InteractionDeliveries",
                columns: new[] { "ItemId", "DueOn", "Period" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_InteractionDeliveries_ItemId_DueOn_Period",
                table: "InteractionDeliveries");

            migrationBuilder.DropColumn(
                name: "SeriesSent",
                table: "CompanyInteractions");

            migrationBuilder.DropColumn(
                name: "SeriesSequence",
                table: "CompanyInteractions");

            migrationBuilder.DropColumn(
                name: "SeriesThrough",
                table: "CompanyInteractions");

            migrationBuilder.CreateIndex(
                name: "IX_InteractionDeliveries_ItemId_DueOn",
                table: "InteractionDeliveries",
                columns: new[] { "ItemId", "DueOn" },
                unique: true);
        }
    }
}
