using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Insatsportal.Web.Data.Migrations.SqlServer
{
    /// <summary>
    /// The SQLite migration of this name adds an FTS5 index for the insats search. SQL Server keeps the
    /// <c>LIKE</c> search (InitiativeSearch.FilterByLike; case-insensitive by the default collation), so that
    /// no server needs the Full-Text Search feature installed; this empty migration keeps both providers' lists
    /// of migrations the same (DatabaseTests). docs/performance.md says what a server would add.
    /// </summary>
    [DbContext(typeof(SqlServerAppDbContext))]
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
