using Insatsportal.Web.Data;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Infrastructure;
using Microsoft.EntityFrameworkCore;

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
/// förvaltningschef's. (docs/authorization.md)
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

/// <summary>
/// Follow-up rounds: the förvaltningschef and the avdelningschefer of the plan's förvaltning open and close rounds,
/// add missing reports and take out the nämndunderlag (it holds every unit's report). (docs/authorization.md)
/// </summary>
public sealed class RoundAuthorizationHandler : AuthorizationHandler<OperationAuthorizationRequirement, RoundResource>
{
    protected override Task HandleRequirementAsync(
        AuthorizationHandlerContext context, OperationAuthorizationRequirement requirement, RoundResource resource)
    {
        var user = context.User.Scope();
        if (user.OrganisationId == resource.OrganisationId
            && (requirement == Operations.Create || requirement == Operations.Edit || requirement == Operations.BoardReport)
            && (user.IsIn(Roles.DirectorOfEducation) || user.IsIn(Roles.DepartmentHead)))
        {
            context.Succeed(requirement);
        }
        return Task.CompletedTask;
    }
}

/// <summary>
/// Kolada's key figures: an administrator of the förvaltning or its förvaltningschef links figures, fetches and
/// uploads values. Rektorer, avdelningschefer and tjänstepersoner read the figures only. (docs/kolada.md)
/// </summary>
public sealed class KoladaAuthorizationHandler : AuthorizationHandler<OperationAuthorizationRequirement, KoladaResource>
{
    protected override Task HandleRequirementAsync(
        AuthorizationHandlerContext context, OperationAuthorizationRequirement requirement, KoladaResource resource)
    {
        var user = context.User.Scope();
        if ((user.IsIn(Roles.Administrator) && Features.Administration.AdminScope.Covers(user, resource.OrganisationId))
            || (user.IsIn(Roles.DirectorOfEducation) && user.OrganisationId == resource.OrganisationId))
        {
            context.Succeed(requirement);
        }
        return Task.CompletedTask;
    }
}

/// <summary>
/// Follow-up reports: who writes and who reviews a report are the predicates of <see cref="ReportAccess"/> (a rektor
/// their own units' reports, an official or avdelningschef the insats-level reports of their department's insatser,
/// the förvaltningschef every insats-level report; reviewing is the responsible avdelningschef's or the
/// förvaltningschef's), asked of the database for the one report, so that a page and a list can never disagree.
/// Reopening a report of a closed round is the förvaltningschef's. Four eyes (nobody approves their own work) is a
/// rule of the report's state, kept with the transitions (<see cref="Domain.ReportRules"/>). (docs/authorization.md)
/// </summary>
public sealed class ReportAuthorizationHandler(AppDbContext db) : AuthorizationHandler<OperationAuthorizationRequirement, ReportResource>
{
    protected override async Task HandleRequirementAsync(
        AuthorizationHandlerContext context, OperationAuthorizationRequirement requirement, ReportResource resource)
    {
        var user = context.User.Scope();
        var report = db.FollowUpReports.Where(r => r.Id == resource.ReportId);
        var allowed = requirement == Operations.Write ? await report.Where(ReportAccess.Writable(user, db.ResponsibleEntries)).AnyAsync()
            : requirement == Operations.Review ? await report.Where(ReportAccess.Reviewable(user, db.ResponsibleEntries)).AnyAsync()
            : requirement == Operations.Reopen && user.IsIn(Roles.DirectorOfEducation) && user.OrganisationId == resource.OrganisationId;
        if (allowed)
        {
            context.Succeed(requirement);
        }
    }
}
