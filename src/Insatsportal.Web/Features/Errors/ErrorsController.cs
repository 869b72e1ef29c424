using System.Diagnostics;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace Insatsportal.Web.Features.Errors;

public sealed record ErrorViewModel(int StatusCode, string Reference);

/// <summary>Swedish error pages: the reference id lets support find the logged exception; no details leak.</summary>
[AllowAnonymous]
// Error pages are re-executed with the failed request's method: a refused POST (a missing antiforgery token)
// must still get its Swedish page, and these actions change nothing.
[IgnoreAntiforgeryToken]
[ApiExplorerSettings(IgnoreApi = true)]
public sealed class ErrorsController : Controller
{
    [Route("/fel")]
    public IActionResult Error() => Show(StatusCodes.Status500InternalServerError);

    [Route("/fel/{code:int}")]
    public IActionResult Status(int code) => Show(code is >= 400 and < 600 ? code : 500);

    private ViewResult Show(int code)
    {
        Response.StatusCode = code;
        // The trace id alone: it is what every log event of the request carries (@tr), and short enough to read out.
        return View("Error", new ErrorViewModel(code, Activity.Current?.TraceId.ToHexString() ?? HttpContext.TraceIdentifier));
    }
}
