using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Insatsportal.Web.Data.Migrations.SqlServer
{
    /// <inheritdoc />
    public partial class BoardReportSnapshots : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "PlanNameInRound",
                table: "FollowUpRounds",
                type: "nvarchar(200)",
                maxLength: 200,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "GoalShortNameInRound",
                table: "FollowUpReports",
                type: "nvarchar(200)",
                maxLength: 200,
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "GoalSortOrderInRound",
                table: "FollowUpReports",
                type: "int",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "InitiativeNumberInRound",
                table: "FollowUpReports",
                type: "nvarchar(20)",
                maxLength: 20,
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "InitiativeSortOrderInRound",
                table: "FollowUpReports",
                type: "int",
                nullable: false,
                defaultValue: 0);

            // Rounds from before these columns existed get the values the plan has now: the best there is.
            migrationBuilder.Sql("UPDATE [FollowUpRounds] SET [PlanNameInRound] = (SELECT p.[Name] FROM [Plans] p WHERE p.[Id] = [FollowUpRounds].[PlanId]);");
            migrationBuilder.Sql("UPDATE [FollowUpReports] SET [InitiativeNumberInRound] = (SELECT i.[Number] FROM [Initiatives] i WHERE i.[Id] = [FollowUpReports].[InitiativeId]), [InitiativeSortOrderInRound] = (SELECT i.[SortOrder] FROM [Initiatives] i WHERE i.[Id] = [FollowUpReports].[InitiativeId]), [GoalSortOrderInRound] = (SELECT g.[SortOrder] FROM [Initiatives] i JOIN [Goals] g ON g.[Id] = i.[GoalId] WHERE i.[Id] = [FollowUpReports].[InitiativeId]), [GoalShortNameInRound] = (SELECT g.[ShortName] FROM [Initiatives] i JOIN [Goals] g ON g.[Id] = i.[GoalId] WHERE i.[Id] = [FollowUpReports].[InitiativeId]);");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "PlanNameInRound",
                table: "FollowUpRounds");

            migrationBuilder.DropColumn(
                name: "GoalShortNameInRound",
                table: "FollowUpReports");

            migrationBuilder.DropColumn(
                name: "GoalSortOrderInRound",
                table: "FollowUpReports");

            migrationBuilder.DropColumn(
                name: "InitiativeNumberInRound",
                table: "FollowUpReports");

            migrationBuilder.DropColumn(
                name: "InitiativeSortOrderInRound",
                table: "FollowUpReports");
        }
    }
}
