namespace Insatsportal.Web.Features.Initiatives;

/// <summary>The insats table partial's model: the rows and the table's caption (which also names its scroll region).</summary>
public sealed record InitiativeTable(IReadOnlyList<InitiativeRow> Rows, string Caption);
