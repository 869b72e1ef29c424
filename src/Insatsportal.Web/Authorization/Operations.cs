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
}

/// <summary>An insats as authorization sees it: whose it is (organisation) and which departments answer for it.</summary>
public sealed record InitiativeResource(int OrganisationId, IReadOnlyCollection<int> ResponsibleDepartmentIds);

/// <summary>A plan, goal or group as authorization sees it: the förvaltning that owns it.</summary>
public sealed record PlanContentResource(int OrganisationId);
