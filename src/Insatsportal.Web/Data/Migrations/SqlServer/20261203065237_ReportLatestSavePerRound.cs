using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Insatsportal.Web.Data.Migrations.SqlServer
{
    /// <inheritdoc />
    public partial class ReportLatestSavePerRound : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "IX_FollowUpReports_RoundId_UpdatedAt",
                table: "FollowUpReports",
                columns: new[] { "RoundId", "UpdatedAt" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_FollowUpReports_RoundId_UpdatedAt",
                table: "FollowUpReports");
        }
    }
}
