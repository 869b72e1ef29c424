using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Insatsportal.Web.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class ScaleFollowUpsIndexes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_FollowUpReports_ResponsibleDepartmentId_Status",
                table: "FollowUpReports");

            migrationBuilder.CreateIndex(
                name: "IX_FollowUpReports_ResponsibleDepartmentId_UnitId_Status",
                table: "FollowUpReports",
                columns: new[] { "ResponsibleDepartmentId", "UnitId", "Status" });

            migrationBuilder.CreateIndex(
                name: "IX_FollowUpReports_RoundId_GoalSortOrderInRound_InitiativeSortOrderInRound_InitiativeId_UnitId",
                table: "FollowUpReports",
                columns: new[] { "RoundId", "GoalSortOrderInRound", "InitiativeSortOrderInRound", "InitiativeId", "UnitId" });

            migrationBuilder.CreateIndex(
                name: "IX_FollowUpReports_RoundId_Status_ResponsibleUserId_ReopenedAfterClose_SubmittedAt",
                table: "FollowUpReports",
                columns: new[] { "RoundId", "Status", "ResponsibleUserId", "ReopenedAfterClose", "SubmittedAt" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_FollowUpReports_ResponsibleDepartmentId_UnitId_Status",
                table: "FollowUpReports");

            migrationBuilder.DropIndex(
                name: "IX_FollowUpReports_RoundId_GoalSortOrderInRound_InitiativeSortOrderInRound_InitiativeId_UnitId",
                table: "FollowUpReports");

            migrationBuilder.DropIndex(
                name: "IX_FollowUpReports_RoundId_Status_ResponsibleUserId_ReopenedAfterClose_SubmittedAt",
                table: "FollowUpReports");

            migrationBuilder.CreateIndex(
                name: "IX_FollowUpReports_ResponsibleDepartmentId_Status",
                table: "FollowUpReports",
                columns: new[] { "ResponsibleDepartmentId", "Status" });
        }
    }
}
