using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Insatsportal.Web.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class ScaleOverviewReportIndex : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "IX_FollowUpReports_RoundId_Status_UnitId_InitiativeId_ResponsibleUserId_Implementation",
                table: "FollowUpReports",
                columns: new[] { "RoundId", "Status", "UnitId", "InitiativeId", "ResponsibleUserId", "Implementation" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_FollowUpReports_RoundId_Status_UnitId_InitiativeId_ResponsibleUserId_Implementation",
                table: "FollowUpReports");
        }
    }
}
