using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace OneWindow.Web.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class ClientDepartments : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "ClientDepartment",
                table: "AspNetUsers",
                type: "TEXT",
                maxLength: 200,
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "ClientDepartment",
                table: "AspNetUsers");
        }
    }
}
