using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Attain.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class Compensation : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "RollUpLevels",
                table: "OrganisationSettings",
                type: "INTEGER",
                nullable: false,
                defaultValue: 1);

            migrationBuilder.CreateTable(
                name: "Adjustments",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    PersonId = table.Column<long>(type: "INTEGER", nullable: false),
                    PeriodKey = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Amount = table.Column<long>(type: "INTEGER", nullable: false),
                    Currency = table.Column<string>(type: "TEXT", maxLength: 3, nullable: false),
                    ComponentId = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    Reason = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: false),
                    Status = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    RequestedBy = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    RequestedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    DecidedBy = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true),
                    DecidedAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    DecisionReason = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    SourcePeriodKey = table.Column<string>(type: "TEXT", maxLength: 16, nullable: true),
                    SourceRunId = table.Column<long>(type: "INTEGER", nullable: true),
                    DisputeId = table.Column<long>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Adjustments", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Adjustments_People_PersonId",
                        column: x => x.PersonId,
                        principalTable: "People",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "CalculationRuns",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    PeriodKey = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Number = table.Column<int>(type: "INTEGER", nullable: false),
                    Status = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    StartedBy = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    StartedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    FinishedAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    PublishedAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    Reason = table.Column<string>(type: "TEXT", nullable: true),
                    ParticipantsDone = table.Column<int>(type: "INTEGER", nullable: false),
                    ParticipantsTotal = table.Column<int>(type: "INTEGER", nullable: false),
                    Checksum = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    Failure = table.Column<string>(type: "TEXT", nullable: true),
                    RecalculatesRunId = table.Column<long>(type: "INTEGER", nullable: true),
                    ApprovalStatus = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    ApprovalStep = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_CalculationRuns", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "PlanAssignments",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    PersonId = table.Column<long>(type: "INTEGER", nullable: false),
                    PlanKey = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    EffectiveFrom = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    EffectiveTo = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    TargetIncentive = table.Column<long>(type: "INTEGER", nullable: true),
                    Basis = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    RateOverrides = table.Column<string>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PlanAssignments", x => x.Id);
                    table.ForeignKey(
                        name: "FK_PlanAssignments_People_PersonId",
                        column: x => x.PersonId,
                        principalTable: "People",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "Plans",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Key = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    Version = table.Column<int>(type: "INTEGER", nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Document = table.Column<string>(type: "TEXT", nullable: false),
                    Status = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    CreatedBy = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    PublishedAt = table.Column<DateTime>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Plans", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "CompensationPeriods",
                columns: table => new
                {
                    PeriodKey = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    State = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    PublishedRunId = table.Column<long>(type: "INTEGER", nullable: true),
                    ClosedAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    ClosedBy = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_CompensationPeriods", x => x.PeriodKey);
                    table.ForeignKey(
                        name: "FK_CompensationPeriods_CalculationRuns_PublishedRunId",
                        column: x => x.PublishedRunId,
                        principalTable: "CalculationRuns",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "RunLines",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    RunId = table.Column<long>(type: "INTEGER", nullable: false),
                    PersonId = table.Column<long>(type: "INTEGER", nullable: false),
                    Number = table.Column<int>(type: "INTEGER", nullable: false),
                    Source = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    PlanKey = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    PlanVersion = table.Column<int>(type: "INTEGER", nullable: false),
                    ComponentId = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    PeriodKey = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Date = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    BookingIds = table.Column<string>(type: "TEXT", nullable: true),
                    CreditIds = table.Column<string>(type: "TEXT", nullable: true),
                    CreditValue = table.Column<string>(type: "TEXT", maxLength: 40, nullable: true),
                    MeasureBefore = table.Column<string>(type: "TEXT", maxLength: 40, nullable: true),
                    MeasureAfter = table.Column<string>(type: "TEXT", maxLength: 40, nullable: true),
                    Quota = table.Column<string>(type: "TEXT", maxLength: 40, nullable: true),
                    AttainmentPercent = table.Column<string>(type: "TEXT", maxLength: 40, nullable: true),
                    TierIndex = table.Column<int>(type: "INTEGER", nullable: true),
                    Rate = table.Column<string>(type: "TEXT", maxLength: 40, nullable: true),
                    Base = table.Column<string>(type: "TEXT", maxLength: 40, nullable: true),
                    FxQuote = table.Column<string>(type: "TEXT", nullable: true),
                    Rule = table.Column<string>(type: "TEXT", nullable: false),
                    Rounding = table.Column<string>(type: "TEXT", nullable: true),
                    Amount = table.Column<long>(type: "INTEGER", nullable: false),
                    Currency = table.Column<string>(type: "TEXT", maxLength: 3, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_RunLines", x => x.Id);
                    table.ForeignKey(
                        name: "FK_RunLines_CalculationRuns_RunId",
                        column: x => x.RunId,
                        principalTable: "CalculationRuns",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "RunMeasures",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    RunId = table.Column<long>(type: "INTEGER", nullable: false),
                    PersonId = table.Column<long>(type: "INTEGER", nullable: false),
                    PlanKey = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    ComponentId = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    PeriodKey = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    From = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    To = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    ProrationFactor = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    Value = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    Quota = table.Column<string>(type: "TEXT", maxLength: 40, nullable: true),
                    TargetIncentive = table.Column<string>(type: "TEXT", maxLength: 40, nullable: true),
                    AttainmentPercent = table.Column<string>(type: "TEXT", maxLength: 40, nullable: true),
                    Earned = table.Column<long>(type: "INTEGER", nullable: false),
                    Currency = table.Column<string>(type: "TEXT", maxLength: 3, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_RunMeasures", x => x.Id);
                    table.ForeignKey(
                        name: "FK_RunMeasures_CalculationRuns_RunId",
                        column: x => x.RunId,
                        principalTable: "CalculationRuns",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "RunPayouts",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    RunId = table.Column<long>(type: "INTEGER", nullable: false),
                    PersonId = table.Column<long>(type: "INTEGER", nullable: false),
                    PlanKey = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    PeriodKey = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Currency = table.Column<string>(type: "TEXT", maxLength: 3, nullable: false),
                    Earned = table.Column<long>(type: "INTEGER", nullable: false),
                    ClawedBack = table.Column<long>(type: "INTEGER", nullable: false),
                    Held = table.Column<long>(type: "INTEGER", nullable: false),
                    Released = table.Column<long>(type: "INTEGER", nullable: false),
                    DrawAdvanced = table.Column<long>(type: "INTEGER", nullable: false),
                    Guaranteed = table.Column<long>(type: "INTEGER", nullable: false),
                    DeficitCarried = table.Column<long>(type: "INTEGER", nullable: false),
                    Recovered = table.Column<long>(type: "INTEGER", nullable: false),
                    Payable = table.Column<long>(type: "INTEGER", nullable: false),
                    BalanceBefore = table.Column<long>(type: "INTEGER", nullable: false),
                    BalanceAfter = table.Column<long>(type: "INTEGER", nullable: false),
                    HeldBefore = table.Column<long>(type: "INTEGER", nullable: false),
                    HeldAfter = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_RunPayouts", x => x.Id);
                    table.ForeignKey(
                        name: "FK_RunPayouts_CalculationRuns_RunId",
                        column: x => x.RunId,
                        principalTable: "CalculationRuns",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_Adjustments_PeriodKey_PersonId",
                table: "Adjustments",
                columns: new[] { "PeriodKey", "PersonId" });

            migrationBuilder.CreateIndex(
                name: "IX_Adjustments_PersonId",
                table: "Adjustments",
                column: "PersonId");

            migrationBuilder.CreateIndex(
                name: "IX_CalculationRuns_PeriodKey_Number",
                table: "CalculationRuns",
                columns: new[] { "PeriodKey", "Number" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_CompensationPeriods_PublishedRunId",
                table: "CompensationPeriods",
                column: "PublishedRunId");

            migrationBuilder.CreateIndex(
                name: "IX_PlanAssignments_PersonId_EffectiveFrom",
                table: "PlanAssignments",
                columns: new[] { "PersonId", "EffectiveFrom" });

            migrationBuilder.CreateIndex(
                name: "IX_PlanAssignments_PlanKey",
                table: "PlanAssignments",
                column: "PlanKey");

            migrationBuilder.CreateIndex(
                name: "IX_Plans_Key_Version",
                table: "Plans",
                columns: new[] { "Key", "Version" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_RunLines_RunId_PersonId_Number",
                table: "RunLines",
                columns: new[] { "RunId", "PersonId", "Number" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_RunMeasures_RunId_PersonId",
                table: "RunMeasures",
                columns: new[] { "RunId", "PersonId" });

            migrationBuilder.CreateIndex(
                name: "IX_RunPayouts_RunId_PersonId_PlanKey",
                table: "RunPayouts",
                columns: new[] { "RunId", "PersonId", "PlanKey" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "Adjustments");

            migrationBuilder.DropTable(
                name: "CompensationPeriods");

            migrationBuilder.DropTable(
                name: "PlanAssignments");

            migrationBuilder.DropTable(
                name: "Plans");

            migrationBuilder.DropTable(
                name: "RunLines");

            migrationBuilder.DropTable(
                name: "RunMeasures");

            migrationBuilder.DropTable(
                name: "RunPayouts");

            migrationBuilder.DropTable(
                name: "CalculationRuns");

            migrationBuilder.DropColumn(
                name: "RollUpLevels",
                table: "OrganisationSettings");
        }
    }
}
