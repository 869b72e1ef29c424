using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Infrastructure;

namespace Insatsportal.Web.Authorization;

/// <summary>
/// Insatser: the förvaltningschef writes everything in the förvaltning; an avdelningschef or tjänsteperson
/// writes the insatser their department answers for. Rektorer and administratörer never write insatser.
/// (docs/authorization.md)
/// </summary>
public sealed class InitiativeAuthorizationHandler : AuthorizationHandler<OperationAuthorizationRequirement, InitiativeResource>
{
    protected override Task HandleRequirementAsync(
        AuthorizationHandlerContext context, OperationAuthorizationRequirement requirement, InitiativeResource resource)
    {
        var user = context.User.Scope();
        if (user.OrganisationId != resource.OrganisationId)
        {
            return Task.CompletedTask;
        }
        if (user.IsIn(Roles.DirectorOfEducation))
        {
            context.Succeed(requirement);
        }
        else if ((user.IsIn(Roles.DepartmentHead) || user.IsIn(Roles.Official))
                 && resource.ResponsibleDepartmentIds.Any(user.DepartmentIds.Contains))
        {
            context.Succeed(requirement);
        }
        return Task.CompletedTask;
    }
}

/// <summary>
/// Plans, goals and groups: the förvaltningschef does everything in the förvaltning; an avdelningschef creates
/// and edits them (so that an avdelning can enter a plan) but archiving a plan, goal or group is the
/// förvaltningschef's. A round's nämndunderlag (<see cref="Operations.BoardReport"/>, resource the plan's förvaltning)
/// is taken out by both. (docs/authorization.md)
/// </summary>
public sealed class PlanContentAuthorizationHandler : AuthorizationHandler<OperationAuthorizationRequirement, PlanContentResource>
{
    protected override Task HandleRequirementAsync(
        AuthorizationHandlerContext context, OperationAuthorizationRequirement requirement, PlanContentResource resource)
    {
        var user = context.User.Scope();
        if (user.OrganisationId != resource.OrganisationId)
        {
            return Task.CompletedTask;
        }
        if (user.IsIn(Roles.DirectorOfEducation)
            || (user.IsIn(Roles.DepartmentHead) && requirement != Operations.Archive))
        {
            context.Succeed(requirement);
        }
        return Task.CompletedTask;
    }
}
