using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Insatsportal.Web.Data.Migrations.Sqlite
{
    /// <summary>
    /// Hand-written, SQLite only: an FTS5 index over the insatser's title, background and content for the free
    /// text of <c>/insatser</c> (InitiativeSearch), so a search no longer runs up to nine <c>LIKE '%…%'</c> per
    /// row. External content (the text stays in Initiatives; the index holds only tokens), kept current by
    /// triggers. The unicode61 tokenizer folds case for every letter (å/Å as a/A) and, with remove_diacritics 0,
    /// keeps å, ä, ö apart from a and o, so "läs" finds "Läsa" but not "lasa".
    /// The model does not know the table: no model snapshot change. A later migration that makes EF rebuild the
    /// Initiatives table (SQLite cannot alter some columns in place) drops these triggers with the old table and
    /// must create them again (ScaleListTests.The_full_text_index_follows_an_edited_title fails when they are gone).
    /// </summary>
    [DbContext(typeof(SqliteAppDbContext))]
    [Migration("20261202120000_ScaleListsFullTextSearch")]
    public partial class ScaleListsFullTextSearch : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                CREATE VIRTUAL TABLE "InitiativeText" USING fts5(
                    "Title", "Background", "Content",
                    content='Initiatives', content_rowid='Id',
                    tokenize='unicode61 remove_diacritics 0');
                """);
            migrationBuilder.Sql("""
                CREATE TRIGGER "Initiatives_InitiativeText_Insert" AFTER INSERT ON "Initiatives" BEGIN
                    INSERT INTO "InitiativeText"(rowid, "Title", "Background", "Content")
                    VALUES (new."Id", new."Title", new."Background", new."Content");
                END;
                """);
            migrationBuilder.Sql("""
                CREATE TRIGGER "Initiatives_InitiativeText_Delete" AFTER DELETE ON "Initiatives" BEGIN
                    INSERT INTO "InitiativeText"("InitiativeText", rowid, "Title", "Background", "Content")
                    VALUES ('delete', old."Id", old."Title", old."Background", old."Content");
                END;
                """);
            migrationBuilder.Sql("""
                CREATE TRIGGER "Initiatives_InitiativeText_Update" AFTER UPDATE OF "Title", "Background", "Content" ON "Initiatives" BEGIN
                    INSERT INTO "InitiativeText"("InitiativeText", rowid, "Title", "Background", "Content")
                    VALUES ('delete', old."Id", old."Title", old."Background", old."Content");
                    INSERT INTO "InitiativeText"(rowid, "Title", "Background", "Content")
                    VALUES (new."Id", new."Title", new."Background", new."Content");
                END;
                """);
            // Index what is already there.
            migrationBuilder.Sql("""INSERT INTO "InitiativeText"("InitiativeText") VALUES ('rebuild');""");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""DROP TRIGGER IF EXISTS "Initiatives_InitiativeText_Update";""");
            migrationBuilder.Sql("""DROP TRIGGER IF EXISTS "Initiatives_InitiativeText_Delete";""");
            migrationBuilder.Sql("""DROP TRIGGER IF EXISTS "Initiatives_InitiativeText_Insert";""");
            migrationBuilder.Sql("""DROP TABLE IF EXISTS "InitiativeText";""");
        }
    }
}
