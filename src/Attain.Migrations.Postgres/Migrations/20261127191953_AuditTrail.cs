using Attain.Application.ChangeLog;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Attain.Migrations.Postgres.Migrations
{
    /// <inheritdoc />
    public partial class AuditTrail : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "IX_ChangeLog_Actor",
                table: "ChangeLog",
                column: "Actor");

            // The change log is append-only at the database too (ADR 0016).
            migrationBuilder.Sql(AppendOnlyGuard.PostgresCreate);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql(AppendOnlyGuard.PostgresDrop);

            migrationBuilder.DropIndex(
                name: "IX_ChangeLog_Actor",
                table: "ChangeLog");
        }
    }
}
