using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Attain.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class CalcRuns : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTime>(
                name: "HeartbeatAt",
                table: "CalculationRuns",
                type: "TEXT",
                nullable: false,
                defaultValue: new DateTime(1, 1, 1, 0, 0, 0, 0, DateTimeKind.Unspecified));

            migrationBuilder.AddColumn<string>(
                name: "Phase",
                table: "CalculationRuns",
                type: "TEXT",
                maxLength: 16,
                nullable: false,
                defaultValue: "Done");

            migrationBuilder.CreateIndex(
                name: "IX_CalculationRuns_PeriodKey_Running",
                table: "CalculationRuns",
                column: "PeriodKey",
                unique: true,
                filter: "\"Status\" = 'Running'");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_CalculationRuns_PeriodKey_Running",
                table: "CalculationRuns");

            migrationBuilder.DropColumn(
                name: "HeartbeatAt",
                table: "CalculationRuns");

            migrationBuilder.DropColumn(
                name: "Phase",
                table: "CalculationRuns");
        }
    }
}
