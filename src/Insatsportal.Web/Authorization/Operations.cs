using Microsoft.AspNetCore.Authorization.Infrastructure;

namespace Insatsportal.Web.Authorization;

/// <summary>What a user wants to do with a resource; the handlers decide by role and scope.</summary>
public static class Operations
{
    public static readonly OperationAuthorizationRequirement Create = new() { Name = nameof(Create) };
    public static readonly OperationAuthorizationRequirement Edit = new() { Name = nameof(Edit) };
    public static readonly OperationAuthorizationRequirement Archive = new() { Name = nameof(Archive) };

    /// <summary>Take out a round's nämndunderlag (all its reports, every unit's): leadership of the förvaltning.</summary>
    public static readonly OperationAuthorizationRequirement BoardReport = new() { Name = nameof(BoardReport) };

    /// <summary>Write a follow-up report: save a draft, mark it ready and submit it.</summary>
    public static readonly OperationAuthorizationRequirement Write = new() { Name = nameof(Write) };

    /// <summary>Approve a submitted report or return it to its author with a comment.</summary>
    public static readonly OperationAuthorizationRequirement Review = new() { Name = nameof(Review) };

    /// <summary>Open a report of a closed round again for changes.</summary>
    public static readonly OperationAuthorizationRequirement Reopen = new() { Name = nameof(Reopen) };
}

/// <summary>An insats as authorization sees it: whose it is (organisation) and which departments answer for it.</summary>
public sealed record InitiativeResource(int OrganisationId, IReadOnlyCollection<int> ResponsibleDepartmentIds);

/// <summary>A plan, goal or group as authorization sees it: the förvaltning that owns it.</summary>
public sealed record PlanContentResource(int OrganisationId);

/// <summary>A follow-up round as authorization sees it: the förvaltning whose plan it follows up.
/// <see cref="Operations.Create"/> opens one, <see cref="Operations.Edit"/> closes it or adds missing reports,
/// <see cref="Operations.BoardReport"/> takes out its nämndunderlag.</summary>
public sealed record RoundResource(int OrganisationId);

/// <summary>A förvaltning's key figures from Kolada as authorization sees them: <see cref="Operations.Edit"/> links and
/// unlinks figures, sets the municipality, fetches and uploads values.</summary>
public sealed record KoladaResource(int OrganisationId);

/// <summary>A follow-up report as authorization sees it (<see cref="Operations.Write"/>, <see cref="Operations.Review"/>,
/// <see cref="Operations.Reopen"/>). Who writes and reviews a report depends on the insats's responsible departments
/// and the report's unit, so the handler asks the database with the same predicates the lists use
/// (<see cref="ReportAccess"/>).</summary>
public sealed record ReportResource(int ReportId, int OrganisationId);
