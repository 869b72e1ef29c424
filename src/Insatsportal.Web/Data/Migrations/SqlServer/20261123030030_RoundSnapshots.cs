using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Insatsportal.Web.Data.Migrations.SqlServer
{
    /// <inheritdoc />
    public partial class RoundSnapshots : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "GoalTitleInRound",
                table: "FollowUpReports",
                type: "nvarchar(max)",
                nullable: true);

            migrationBuilder.AddColumn<DateOnly>(
                name: "InitiativeEndDateInRound",
                table: "FollowUpReports",
                type: "date",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "InitiativeStatusInRound",
                table: "FollowUpReports",
                type: "nvarchar(40)",
                maxLength: 40,
                nullable: false,
                defaultValue: "Ongoing");

            // Existing reports take their insats' current status: the best that is known about the past.
            migrationBuilder.Sql("UPDATE FollowUpReports SET InitiativeStatusInRound = (SELECT Status FROM Initiatives WHERE Initiatives.Id = FollowUpReports.InitiativeId)");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "GoalTitleInRound",
                table: "FollowUpReports");

            migrationBuilder.DropColumn(
                name: "InitiativeEndDateInRound",
                table: "FollowUpReports");

            migrationBuilder.DropColumn(
                name: "InitiativeStatusInRound",
                table: "FollowUpReports");
        }
    }
}
