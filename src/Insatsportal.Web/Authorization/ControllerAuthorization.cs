using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Infrastructure;
using Microsoft.AspNetCore.Mvc;

namespace Insatsportal.Web.Authorization;

/// <summary>
/// The one way a controller refuses: 404 for a resource the user may not read (null: unknown, or outside what their
/// scope reads, so that ids cannot be probed), 403 for one they may read but may not do this with. Each controller
/// only finds its resource the way its entity needs (<see cref="ReadAccess"/>, <see cref="ReportAccess"/>).
/// </summary>
public static class ControllerAuthorization
{
    /// <summary>Null when the user may do <paramref name="operation"/> on <paramref name="resource"/>, else the answer to give.</summary>
    public static async Task<IActionResult?> RefusalAsync(
        this ControllerBase controller, IAuthorizationService authorization, object? resource, OperationAuthorizationRequirement operation)
    {
        if (resource is null)
        {
            return controller.NotFound();
        }
        return await controller.MayAsync(authorization, resource, operation) ? null : controller.Forbid();
    }

    /// <summary>Whether the user may do <paramref name="operation"/> on a resource they read (what a page offers).</summary>
    public static async Task<bool> MayAsync(
        this ControllerBase controller, IAuthorizationService authorization, object resource, OperationAuthorizationRequirement operation) =>
        (await authorization.AuthorizeAsync(controller.User, resource, operation)).Succeeded;
}
