using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Insatsportal.Web.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class FollowUpRounds : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "FollowUpRounds",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    PlanId = table.Column<int>(type: "INTEGER", nullable: false),
                    FollowUpOccasionId = table.Column<int>(type: "INTEGER", nullable: true),
                    Name = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    OpensOn = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    Deadline = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    Instructions = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: true),
                    Status = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    ClosedAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    ClosedByUserId = table.Column<string>(type: "TEXT", maxLength: 450, nullable: true),
                    ConcurrencyToken = table.Column<Guid>(type: "TEXT", nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    UpdatedAt = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_FollowUpRounds", x => x.Id);
                    table.ForeignKey(
                        name: "FK_FollowUpRounds_FollowUpOccasions_FollowUpOccasionId",
                        column: x => x.FollowUpOccasionId,
                        principalTable: "FollowUpOccasions",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_FollowUpRounds_Plans_PlanId",
                        column: x => x.PlanId,
                        principalTable: "Plans",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "ReminderMessages",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    ReportId = table.Column<int>(type: "INTEGER", nullable: true),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    ToEmail = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    ToName = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Subject = table.Column<string>(type: "TEXT", maxLength: 400, nullable: false),
                    Body = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: false),
                    DeduplicationKey = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    NextAttemptAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    Attempts = table.Column<int>(type: "INTEGER", nullable: false),
                    SentAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    LastError = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ReminderMessages", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "FollowUpReports",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    RoundId = table.Column<int>(type: "INTEGER", nullable: false),
                    InitiativeId = table.Column<int>(type: "INTEGER", nullable: false),
                    UnitId = table.Column<int>(type: "INTEGER", nullable: true),
                    ResponsibleDepartmentId = table.Column<int>(type: "INTEGER", nullable: true),
                    ResponsibleUserId = table.Column<string>(type: "TEXT", nullable: true),
                    InitiativeTitle = table.Column<string>(type: "TEXT", maxLength: 400, nullable: false),
                    Status = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    Implementation = table.Column<string>(type: "TEXT", maxLength: 40, nullable: true),
                    ImplementationComment = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: true),
                    OverallAssessment = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: true),
                    NextSteps = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: true),
                    Risks = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: true),
                    SubmittedAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    SubmittedByUserId = table.Column<string>(type: "TEXT", maxLength: 450, nullable: true),
                    ReviewedAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    ReviewedByUserId = table.Column<string>(type: "TEXT", maxLength: 450, nullable: true),
                    ReturnComment = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: true),
                    ReopenedAfterClose = table.Column<bool>(type: "INTEGER", nullable: false),
                    ConcurrencyToken = table.Column<Guid>(type: "TEXT", nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    UpdatedAt = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_FollowUpReports", x => x.Id);
                    table.ForeignKey(
                        name: "FK_FollowUpReports_AspNetUsers_ResponsibleUserId",
                        column: x => x.ResponsibleUserId,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_FollowUpReports_Departments_ResponsibleDepartmentId",
                        column: x => x.ResponsibleDepartmentId,
                        principalTable: "Departments",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_FollowUpReports_FollowUpRounds_RoundId",
                        column: x => x.RoundId,
                        principalTable: "FollowUpRounds",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_FollowUpReports_Initiatives_InitiativeId",
                        column: x => x.InitiativeId,
                        principalTable: "Initiatives",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_FollowUpReports_Units_UnitId",
                        column: x => x.UnitId,
                        principalTable: "Units",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "ReportActivities",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    ReportId = table.Column<int>(type: "INTEGER", nullable: false),
                    Number = table.Column<int>(type: "INTEGER", nullable: false),
                    ActivityText = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: false),
                    Status = table.Column<string>(type: "TEXT", maxLength: 40, nullable: true),
                    Comment = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ReportActivities", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ReportActivities_FollowUpReports_ReportId",
                        column: x => x.ReportId,
                        principalTable: "FollowUpReports",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "ReportEffects",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    ReportId = table.Column<int>(type: "INTEGER", nullable: false),
                    SortOrder = table.Column<int>(type: "INTEGER", nullable: false),
                    EffectText = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: false),
                    IndicatorName = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    IndicatorUnit = table.Column<string>(type: "TEXT", maxLength: 40, nullable: true),
                    Judgement = table.Column<string>(type: "TEXT", maxLength: 40, nullable: true),
                    EvidenceType = table.Column<string>(type: "TEXT", maxLength: 40, nullable: true),
                    Evidence = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: true),
                    MeasuredValue = table.Column<decimal>(type: "TEXT", precision: 18, scale: 4, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ReportEffects", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ReportEffects_FollowUpReports_ReportId",
                        column: x => x.ReportId,
                        principalTable: "FollowUpReports",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "ReportTransitions",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    ReportId = table.Column<int>(type: "INTEGER", nullable: false),
                    From = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    To = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    At = table.Column<DateTime>(type: "TEXT", nullable: false),
                    UserId = table.Column<string>(type: "TEXT", maxLength: 450, nullable: true),
                    UserName = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Comment = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ReportTransitions", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ReportTransitions_FollowUpReports_ReportId",
                        column: x => x.ReportId,
                        principalTable: "FollowUpReports",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_FollowUpReports_InitiativeId",
                table: "FollowUpReports",
                column: "InitiativeId");

            migrationBuilder.CreateIndex(
                name: "IX_FollowUpReports_ResponsibleDepartmentId_Status",
                table: "FollowUpReports",
                columns: new[] { "ResponsibleDepartmentId", "Status" });

            migrationBuilder.CreateIndex(
                name: "IX_FollowUpReports_ResponsibleUserId",
                table: "FollowUpReports",
                column: "ResponsibleUserId");

            migrationBuilder.CreateIndex(
                name: "IX_FollowUpReports_RoundId_InitiativeId_UnitId",
                table: "FollowUpReports",
                columns: new[] { "RoundId", "InitiativeId", "UnitId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_FollowUpReports_UnitId_Status",
                table: "FollowUpReports",
                columns: new[] { "UnitId", "Status" });

            migrationBuilder.CreateIndex(
                name: "IX_FollowUpRounds_FollowUpOccasionId",
                table: "FollowUpRounds",
                column: "FollowUpOccasionId");

            migrationBuilder.CreateIndex(
                name: "IX_FollowUpRounds_PlanId_Deadline",
                table: "FollowUpRounds",
                columns: new[] { "PlanId", "Deadline" });

            migrationBuilder.CreateIndex(
                name: "IX_ReminderMessages_DeduplicationKey",
                table: "ReminderMessages",
                column: "DeduplicationKey",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_ReminderMessages_SentAt_NextAttemptAt",
                table: "ReminderMessages",
                columns: new[] { "SentAt", "NextAttemptAt" });

            migrationBuilder.CreateIndex(
                name: "IX_ReportActivities_ReportId",
                table: "ReportActivities",
                column: "ReportId");

            migrationBuilder.CreateIndex(
                name: "IX_ReportEffects_ReportId",
                table: "ReportEffects",
                column: "ReportId");

            migrationBuilder.CreateIndex(
                name: "IX_ReportTransitions_ReportId",
                table: "ReportTransitions",
                column: "ReportId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "ReminderMessages");

            migrationBuilder.DropTable(
                name: "ReportActivities");

            migrationBuilder.DropTable(
                name: "ReportEffects");

            migrationBuilder.DropTable(
                name: "ReportTransitions");

            migrationBuilder.DropTable(
                name: "FollowUpReports");

            migrationBuilder.DropTable(
                name: "FollowUpRounds");
        }
    }
}
