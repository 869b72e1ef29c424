using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Insatsportal.Web.Data.Migrations.SqlServer
{
    /// <inheritdoc />
    public partial class KoladaIndicators : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "KoladaOuId",
                table: "Units",
                type: "nvarchar(20)",
                maxLength: 20,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "KoladaMunicipalityId",
                table: "Organisations",
                type: "nvarchar(20)",
                maxLength: 20,
                nullable: true);

            migrationBuilder.CreateTable(
                name: "KoladaFetchStates",
                columns: table => new
                {
                    OrganisationId = table.Column<int>(type: "int", nullable: false),
                    LastSuccessAt = table.Column<DateTime>(type: "datetime2", nullable: true),
                    LastSource = table.Column<string>(type: "nvarchar(200)", maxLength: 200, nullable: true),
                    LastFailureAt = table.Column<DateTime>(type: "datetime2", nullable: true),
                    LastFailure = table.Column<string>(type: "nvarchar(1000)", maxLength: 1000, nullable: true),
                    ClaimedAt = table.Column<DateTime>(type: "datetime2", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_KoladaFetchStates", x => x.OrganisationId);
                    table.ForeignKey(
                        name: "FK_KoladaFetchStates_Organisations_OrganisationId",
                        column: x => x.OrganisationId,
                        principalTable: "Organisations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "KoladaKpis",
                columns: table => new
                {
                    Id = table.Column<string>(type: "nvarchar(20)", maxLength: 20, nullable: false),
                    Title = table.Column<string>(type: "nvarchar(400)", maxLength: 400, nullable: false),
                    Description = table.Column<string>(type: "nvarchar(4000)", maxLength: 4000, nullable: true),
                    IsDivided = table.Column<bool>(type: "bit", nullable: false),
                    HasOuData = table.Column<bool>(type: "bit", nullable: false),
                    UpdatedAt = table.Column<DateTime>(type: "datetime2", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_KoladaKpis", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "KoladaValues",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("SqlServer:Identity", "1, 1"),
                    KpiId = table.Column<string>(type: "nvarchar(20)", maxLength: 20, nullable: false),
                    AreaKind = table.Column<string>(type: "nvarchar(40)", maxLength: 40, nullable: false),
                    AreaId = table.Column<string>(type: "nvarchar(20)", maxLength: 20, nullable: false),
                    Year = table.Column<int>(type: "int", nullable: false),
                    Gender = table.Column<string>(type: "nvarchar(1)", maxLength: 1, nullable: false),
                    Value = table.Column<decimal>(type: "decimal(18,4)", precision: 18, scale: 4, nullable: true),
                    Status = table.Column<string>(type: "nvarchar(40)", maxLength: 40, nullable: true),
                    FetchedAt = table.Column<DateTime>(type: "datetime2", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_KoladaValues", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "KoladaLinks",
                columns: table => new
                {
                    Id = table.Column<int>(type: "int", nullable: false)
                        .Annotation("SqlServer:Identity", "1, 1"),
                    OrganisationId = table.Column<int>(type: "int", nullable: false),
                    GoalId = table.Column<int>(type: "int", nullable: true),
                    ExpectedEffectId = table.Column<int>(type: "int", nullable: true),
                    KpiId = table.Column<string>(type: "nvarchar(20)", maxLength: 20, nullable: false),
                    ForMunicipality = table.Column<bool>(type: "bit", nullable: false),
                    ForUnits = table.Column<bool>(type: "bit", nullable: false),
                    CreatedByUserId = table.Column<string>(type: "nvarchar(450)", maxLength: 450, nullable: true),
                    CreatedAt = table.Column<DateTime>(type: "datetime2", nullable: false),
                    RemovedAt = table.Column<DateTime>(type: "datetime2", nullable: true),
                    RemovedByUserId = table.Column<string>(type: "nvarchar(450)", maxLength: 450, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_KoladaLinks", x => x.Id);
                    table.ForeignKey(
                        name: "FK_KoladaLinks_ExpectedEffects_ExpectedEffectId",
                        column: x => x.ExpectedEffectId,
                        principalTable: "ExpectedEffects",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_KoladaLinks_Goals_GoalId",
                        column: x => x.GoalId,
                        principalTable: "Goals",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_KoladaLinks_KoladaKpis_KpiId",
                        column: x => x.KpiId,
                        principalTable: "KoladaKpis",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_KoladaLinks_Organisations_OrganisationId",
                        column: x => x.OrganisationId,
                        principalTable: "Organisations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "IX_KoladaKpis_Title",
                table: "KoladaKpis",
                column: "Title");

            migrationBuilder.CreateIndex(
                name: "IX_KoladaLinks_ExpectedEffectId",
                table: "KoladaLinks",
                column: "ExpectedEffectId");

            migrationBuilder.CreateIndex(
                name: "IX_KoladaLinks_GoalId",
                table: "KoladaLinks",
                column: "GoalId");

            migrationBuilder.CreateIndex(
                name: "IX_KoladaLinks_KpiId",
                table: "KoladaLinks",
                column: "KpiId");

            migrationBuilder.CreateIndex(
                name: "IX_KoladaLinks_OrganisationId_RemovedAt",
                table: "KoladaLinks",
                columns: new[] { "OrganisationId", "RemovedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_KoladaValues_KpiId_AreaKind_AreaId_Year_Gender",
                table: "KoladaValues",
                columns: new[] { "KpiId", "AreaKind", "AreaId", "Year", "Gender" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "KoladaFetchStates");

            migrationBuilder.DropTable(
                name: "KoladaLinks");

            migrationBuilder.DropTable(
                name: "KoladaValues");

            migrationBuilder.DropTable(
                name: "KoladaKpis");

            migrationBuilder.DropColumn(
                name: "KoladaOuId",
                table: "Units");

            migrationBuilder.DropColumn(
                name: "KoladaMunicipalityId",
                table: "Organisations");
        }
    }
}
