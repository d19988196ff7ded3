using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Attain.Migrations.Postgres.Migrations
{
    /// <inheritdoc />
    public partial class RunLinesKeyedByRunPersonNumber : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "FK_RunLines_CalculationRuns_RunId",
                table: "RunLines");

            migrationBuilder.DropPrimaryKey(
                name: "PK_RunLines",
                table: "RunLines");

            migrationBuilder.DropIndex(
                name: "IX_RunLines_RunId_PersonId_Number",
                table: "RunLines");

            migrationBuilder.DropColumn(
                name: "Id",
                table: "RunLines");

            migrationBuilder.AddPrimaryKey(
                name: "PK_RunLines",
                table: "RunLines",
                columns: new[] { "RunId", "PersonId", "Number" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropPrimaryKey(
                name: "PK_RunLines",
                table: "RunLines");

            migrationBuilder.AddColumn<long>(
                name: "Id",
                table: "RunLines",
                type: "bigint",
                nullable: false,
                defaultValue: 0L)
                .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn);

            migrationBuilder.AddPrimaryKey(
                name: "PK_RunLines",
                table: "RunLines",
                column: "Id");

            migrationBuilder.CreateIndex(
                name: "IX_RunLines_RunId_PersonId_Number",
                table: "RunLines",
                columns: new[] { "RunId", "PersonId", "Number" },
                unique: true);

            migrationBuilder.AddForeignKey(
                name: "FK_RunLines_CalculationRuns_RunId",
                table: "RunLines",
                column: "RunId",
                principalTable: "CalculationRuns",
                principalColumn: "Id",
                onDelete: ReferentialAction.Cascade);
        }
    }
}
