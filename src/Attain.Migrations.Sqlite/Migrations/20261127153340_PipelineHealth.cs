using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Attain.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class PipelineHealth : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "StalledAfterDays",
                table: "OrganisationSettings",
                type: "INTEGER",
                nullable: false,
                defaultValue: 30);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "StalledAfterDays",
                table: "OrganisationSettings");
        }
    }
}
