using System.Linq.Expressions;
using Insatsportal.Web.Authorization;
using Insatsportal.Web.Domain;

namespace Insatsportal.Web.Features.Administration;

/// <summary>
/// Where an administrator may act. An administrator with a förvaltning administers that förvaltning only; an
/// administrator without one (the installation's first administrator, made with --create-admin) administers
/// every förvaltning, since nobody else could give the first förvaltning its users.
/// </summary>
public static class AdminScope
{
    public static bool Covers(this UserScope scope, int? organisationId) =>
        scope.OrganisationId is null || scope.OrganisationId == organisationId;

    public static Expression<Func<AppUser, bool>> Users(UserScope scope) =>
        scope.OrganisationId is { } org ? u => u.OrganisationId == org : u => true;

    public static Expression<Func<Organisation, bool>> Organisations(UserScope scope) =>
        scope.OrganisationId is { } org ? o => o.Id == org : o => true;
}

/// <summary>One step of the breadcrumb trail under Administration.</summary>
public sealed record Crumb(string Text, string? Url);
