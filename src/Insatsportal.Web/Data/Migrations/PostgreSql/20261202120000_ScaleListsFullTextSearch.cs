using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Insatsportal.Web.Data.Migrations.PostgreSql
{
    /// <summary>
    /// Hand-written, PostgreSQL only; the counterpart of the SQLite migration of this name (an FTS5 index). The
    /// insats search on PostgreSQL is a case-insensitive regular expression per word (<c>~*</c>,
    /// InitiativeSearch.FilterByRegex); trigram GIN indexes (pg_trgm) over the title, background and content let
    /// PostgreSQL find the candidate rows of such an expression without reading every insats. pg_trgm ships with
    /// PostgreSQL and is a trusted extension: the database's owner may create it. The model does not know the
    /// indexes: no model snapshot change.
    /// </summary>
    [DbContext(typeof(PostgreSqlAppDbContext))]
    [Migration("20261202120000_ScaleListsFullTextSearch")]
    public partial class ScaleListsFullTextSearch : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("CREATE EXTENSION IF NOT EXISTS pg_trgm;");
            migrationBuilder.Sql("""CREATE INDEX "IX_Initiatives_Title_Trigrams" ON "Initiatives" USING gin ("Title" gin_trgm_ops);""");
            migrationBuilder.Sql("""CREATE INDEX "IX_Initiatives_Background_Trigrams" ON "Initiatives" USING gin ("Background" gin_trgm_ops);""");
            migrationBuilder.Sql("""CREATE INDEX "IX_Initiatives_Content_Trigrams" ON "Initiatives" USING gin ("Content" gin_trgm_ops);""");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""DROP INDEX IF EXISTS "IX_Initiatives_Content_Trigrams";""");
            migrationBuilder.Sql("""DROP INDEX IF EXISTS "IX_Initiatives_Background_Trigrams";""");
            migrationBuilder.Sql("""DROP INDEX IF EXISTS "IX_Initiatives_Title_Trigrams";""");
        }
    }
}
