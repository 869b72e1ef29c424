using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Insatsportal.Web.Data.Migrations.PostgreSql
{
    /// <summary>
    /// The SQLite migration of this name adds an FTS5 index for the insats search. On PostgreSQL the search is a
    /// case-insensitive regular expression per word (<c>~*</c>, InitiativeSearch.FilterByRegex) with the same rule,
    /// and it needs no index: on the Stockholm-size data set (5 099 insatser, 1.9 MB of rows) a scan of the three
    /// columns takes 15–30 ms. Trigram GIN indexes (pg_trgm) over them were tried and measured: the planner never
    /// chose them (their bitmap scan costs eight times the scan), and forced they were no faster for a common word,
    /// so they are not created, nor is the extension required. This empty migration keeps the engines' lists of
    /// migrations the same (DatabaseTests); docs/database-engines.md has the figures.
    /// </summary>
    [DbContext(typeof(PostgreSqlAppDbContext))]
    [Migration("20261202120000_ScaleListsFullTextSearch")]
    public partial class ScaleListsFullTextSearch : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
        }
    }
}
