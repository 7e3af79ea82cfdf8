using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace OneWindow.Web.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class ClaimsToTheBusiness : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "Category",
                table: "FeedbackCase",
                type: "character varying(24)",
                maxLength: 24,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Description",
                table: "FeedbackCase",
                type: "character varying(4000)",
                maxLength: 4000,
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "Direction",
                table: "FeedbackCase",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<Guid>(
                name: "MetricId",
                table: "FeedbackCase",
                type: "uuid",
                nullable: true);

            migrationBuilder.AddColumn<Guid>(
                name: "RaisedById",
                table: "FeedbackCase",
                type: "uuid",
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "IX_FeedbackCase_Direction_CompanyId_Status",
                table: "FeedbackCase",
                columns: new[] { "Direction", "CompanyId", "Status" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_FeedbackCase_Direction_CompanyId_Status",
                table: "FeedbackCase");

            migrationBuilder.DropColumn(
                name: "Category",
                table: "FeedbackCase");

            migrationBuilder.DropColumn(
                name: "Description",
                table: "FeedbackCase");

            migrationBuilder.DropColumn(
                name: "Direction",
                table: "FeedbackCase");

            migrationBuilder.DropColumn(
                name: "MetricId",
                table: "FeedbackCase");

            migrationBuilder.DropColumn(
                name: "RaisedById",
                table: "FeedbackCase");
        }
    }
}
