using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Wordprocessing;
using Insatsportal.Web.Domain;
using Insatsportal.Web.Features.Shared;

namespace Insatsportal.Web.Features.BoardReports;

/// <summary>The document's body, in reading order: cover, contents, summary, then each goal with its insatser.</summary>
public static partial class BoardReportWord
{
    private sealed class Writer(OpenXmlWriter writer, string footerId)
    {
        private int _bookmark;

        /// <summary>Stands in for the body: each element goes out as soon as it is complete.</summary>
        private readonly Sink body = new(writer);

        private sealed class Sink(OpenXmlWriter writer)
        {
            public void Append(OpenXmlElement element) => writer.WriteElement(element);
        }

        public void Write(BoardReport report, Kolada.KoladaBoardTable? figures)
        {
            // Cover
            body.Append(Para(BoardReportText.Eyebrow, "Subtitle"));
            body.Append(Para(report.RoundName, "Title"));
            body.Append(Para(report.PlanName, "Subtitle"));
            Fact("Förvaltning", $"{report.OrganisationName}, {report.Municipality}");
            if (report.BoardName is not null)
            {
                Fact("Nämnd", report.BoardName);
            }
            Fact("Plan", report.PlanName);
            Fact("Uppföljning", $"{report.Kind.Name()}, {report.RoundName}");
            Fact("Sista dag att rapportera", Display.Date(report.Deadline));
            Fact("Datum", Display.Date(report.AsOf));
            body.Append(Para(BoardReportText.DateLine(report)));
            body.Append(Para(BoardReportText.AnswersNote));
            body.Append(PageBreak());

            // Contents: a TOC field whose cached result is the written list of headings.
            var headings = new List<(int Level, string Text, string Bookmark)> { (1, "Sammanfattning", BookmarkName(0)) };
            var n = 1;
            foreach (var goal in report.Goals)
            {
                headings.Add((1, goal.Heading, BookmarkName(n++)));
                headings.AddRange(goal.Initiatives.Select(i => (2, i.Heading, BookmarkName(n++))));
            }
            body.Append(Para("Innehåll", "TOCHeading"));
            for (var i = 0; i < headings.Count; i++)
            {
                var (level, text, bookmark) = headings[i];
                var paragraph = new Paragraph(new ParagraphProperties(new ParagraphStyleId { Val = $"TOC{level}" }));
                if (i == 0)
                {
                    paragraph.Append(
                        new Run(new FieldChar { FieldCharType = FieldCharValues.Begin, Dirty = true }),
                        new Run(new FieldCode(" TOC \\o \"1-3\" \\h \\z \\u ") { Space = SpaceProcessingModeValues.Preserve }),
                        new Run(new FieldChar { FieldCharType = FieldCharValues.Separate }));
                }
                paragraph.Append(new Hyperlink(new Run(new Text(text))) { Anchor = bookmark, History = true });
                if (i == headings.Count - 1)
                {
                    paragraph.Append(new Run(new FieldChar { FieldCharType = FieldCharValues.End }));
                }
                body.Append(paragraph);
            }
            body.Append(PageBreak());

            // Summary
            Heading(1, "Sammanfattning");
            body.Append(Para(BoardReportText.Overview(report.Summary)));
            // Three narrow tables rather than one of eleven columns: on A4 portrait each column stays wide enough for
            // its longest word, and each table has a caption of its own.
            var statuses = Enum.GetValues<InitiativeStatus>();
            var goalsAndTotal = report.Goals.Select(g => (Heading: g.Heading, g.Summary)).Append((Heading: "Hela planen", Summary: report.Summary)).ToList();
            body.Append(Para("Insatser per mål och status", "Caption"));
            body.Append(Table(
                new[] { "Mål", "Insatser" }.Concat(statuses.Select(s => s.Name())).ToArray(),
                goalsAndTotal.Select(g => new[] { g.Heading, BoardReportText.Count(g.Summary.Initiatives) }
                    .Concat(statuses.Select(st => BoardReportText.Count(g.Summary.ByStatus[st]))).ToArray()).ToList(),
                firstColumnWide: true));
            body.Append(Para("Rapporter per mål", "Caption"));
            body.Append(Table(
                ["Mål", "Rapporter", "Inskickade eller godkända", "Försenade"],
                goalsAndTotal.Select(g => new[]
                {
                    g.Heading, BoardReportText.Count(g.Summary.Reports), $"{g.Summary.Answered} ({g.Summary.AnsweredPercent} %)",
                    BoardReportText.Count(g.Summary.ByState[ReportState.Overdue]),
                }).ToList(),
                firstColumnWide: true));
            body.Append(Para("Förväntade effekter per mål", "Caption"));
            body.Append(Table(
                new[] { "Mål" }.Concat(report.Summary.Effects.Parts.Select(p => p.Name)).Append("Totalt").ToArray(),
                goalsAndTotal.Select(g => new[] { g.Heading }.Concat(g.Summary.Effects.Parts.Select(p => BoardReportText.Count(p.Count)))
                    .Append(BoardReportText.Count(g.Summary.Effects.Total)).ToArray()).ToList(),
                firstColumnWide: true));
            body.Append(Para(BoardReportText.EffectsNote));
            if (figures is not null)
            {
                Heading(3, "Målens nyckeltal från Kolada");
                body.Append(Table(figures.Header.ToArray(), figures.Rows, firstColumnWide: true));
                body.Append(Para(figures.Note));
            }

            foreach (var goal in report.Goals)
            {
                body.Append(PageBreak());
                Heading(1, goal.Heading);
                if (goal.FullTitle is not null)
                {
                    body.Append(Para(goal.FullTitle, "Subtitle"));
                }
                var s = goal.Summary;
                body.Append(Table(
                    Enum.GetValues<ReportState>().Select(x => x.Name()).Append("Totalt").ToArray(),
                    [Enum.GetValues<ReportState>().Select(x => BoardReportText.Count(s.ByState[x])).Append(BoardReportText.Count(s.Reports)).ToArray()],
                    firstColumnWide: false));
                body.Append(Para(BoardReportText.StatusLine(s)));
                Heading(3, "Förväntade effekter");
                body.Append(Table(
                    s.Effects.Parts.Select(p => p.Name).Append("Totalt").ToArray(),
                    [s.Effects.Parts.Select(p => BoardReportText.Count(p.Count)).Append(BoardReportText.Count(s.Effects.Total)).ToArray()],
                    firstColumnWide: false));
                body.Append(Para(BoardReportText.EffectsLine(s.Effects)));
                foreach (var initiative in goal.Initiatives)
                {
                    WriteInitiative(initiative);
                }
            }

            // A4 portrait; the footer with page numbers on every page but the cover (the title page).
            body.Append(new SectionProperties(
                new FooterReference { Type = HeaderFooterValues.Default, Id = footerId },
                new PageSize { Width = PageWidth, Height = 16838 },
                new PageMargin { Top = 1134, Bottom = 1134, Left = Margin, Right = Margin, Header = 708, Footer = 567, Gutter = 0 },
                new TitlePage()));
        }

        private void WriteInitiative(BoardReportInitiative initiative)
        {
            var a = initiative.Assessment;
            Heading(2, initiative.Heading);
            Fact("Status", initiative.Status.Name());
            Fact("Slutdatum", Display.Date(initiative.EndDate));
            Fact("Ansvarig avdelning", initiative.ResponsibleDepartment ?? "–");
            Fact("Rapport", a.State.Name());
            if (a.HasAnswer)
            {
                Heading(3, "Genomförande");
                body.Append(Para(BoardReportText.Implementation(a.Implementation), bold: true));
                Prose(a.ImplementationComment);
                Heading(3, "Samlad bedömning");
                Prose(string.IsNullOrWhiteSpace(a.OverallAssessment) ? "Ej angiven." : a.OverallAssessment);
                if (!string.IsNullOrWhiteSpace(a.NextSteps))
                {
                    Heading(3, "Nästa steg");
                    Prose(a.NextSteps);
                }
                if (!string.IsNullOrWhiteSpace(a.Risks))
                {
                    Heading(3, "Risker");
                    Prose(a.Risks);
                }
                if (a.Effects.Count > 0)
                {
                    Heading(3, "Effekter");
                    body.Append(Table(["Förväntad effekt", "Bedömning", "Underlag"],
                        a.Effects.Select(e => new[] { e.Text, BoardReportText.Judgement(e), BoardReportText.Evidence(e) }).ToList(), firstColumnWide: true));
                }
            }
            else
            {
                body.Append(Para(BoardReportText.NotAnsweredLine(a.State)));
            }
            if (initiative.Units.Count > 0)
            {
                Heading(3, "Enheternas rapporter");
                body.Append(Table(["Enhet", "Läge", "Genomförande", "Samlad bedömning"],
                    initiative.Units.Select(u => new[]
                    {
                        u.UnitName, u.State.Name(), u.HasAnswer ? BoardReportText.Implementation(u.Implementation) : "–",
                        u.HasAnswer ? u.OverallAssessment ?? "–" : "–",
                    }).ToList(), firstColumnWide: false));
            }
        }

        /// <summary>Heading 1 and 2 carry the bookmarks the contents link to, in the order the contents list them.</summary>
        private void Heading(int level, string text)
        {
            var paragraph = new Paragraph(new ParagraphProperties(new ParagraphStyleId { Val = $"Heading{level}" }));
            if (level <= 2)
            {
                var id = (_bookmark++).ToString(System.Globalization.CultureInfo.InvariantCulture);
                paragraph.Append(new BookmarkStart { Id = id, Name = BookmarkName(_bookmark - 1) }, new Run(new Text(text)), new BookmarkEnd { Id = id });
            }
            else
            {
                paragraph.Append(new Run(new Text(text)));
            }
            body.Append(paragraph);
        }

        private void Fact(string label, string value) => body.Append(new Paragraph(
            new ParagraphProperties(new SpacingBetweenLines { After = "40" }),
            new Run(new RunProperties(new Bold()), new Text(label + ": ") { Space = SpaceProcessingModeValues.Preserve }),
            new Run(new Text(value))));

        /// <summary>Stored text as in <see cref="Shared.Prose"/>: blank lines part paragraphs, "• " lines are list items.</summary>
        private void Prose(string? text)
        {
            if (string.IsNullOrWhiteSpace(text))
            {
                return;
            }
            foreach (var block in text.Replace("\r\n", "\n", StringComparison.Ordinal).Split("\n\n", StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                foreach (var line in block.Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
                {
                    body.Append(line.StartsWith("• ", StringComparison.Ordinal) ? Para(line, "ListBullet") : Para(line));
                }
            }
        }
    }
}
