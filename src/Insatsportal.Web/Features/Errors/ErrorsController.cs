using Insatsportal.Web.Features.Shared;
using System.Diagnostics;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;

namespace Insatsportal.Web.Features.Errors;

public sealed record ErrorViewModel(int StatusCode, string Reference);

/// <summary>Swedish error pages: the reference id lets support find the logged exception; no details leak.</summary>
// Error pages carry the request's own reference.
[NoPageCache]
[AllowAnonymous]
// Error pages are re-executed with the failed request's method: a refused POST (a missing antiforgery token)
// must still get its Swedish page, and these actions change nothing.
[IgnoreAntiforgeryToken]
[ApiExplorerSettings(IgnoreApi = true)]
public sealed class ErrorsController(ILogger<ErrorsController> logger) : Controller
{
    [Route("/fel")]
    public IActionResult Error() => Show(StatusCodes.Status500InternalServerError);

    // No parameters, so no model binding: a re-executed request still carries the failed request's body, and
    // binding would read that form; one it cannot read (a NUL byte in it) must not turn a 400 into a 500.
    [Route("/fel/{code:int}")]
    public IActionResult Status() =>
        // A code that no error has (someone typing /fel/1) is a page that does not exist, not a server error.
        Show(int.TryParse(RouteData.Values["code"]?.ToString(), out var code) && code is >= 400 and < 600 ? code : 404);

    private ViewResult Show(int code)
    {
        Response.StatusCode = code;
        // The trace id alone: it is what every log event of the request carries (@tr), and short enough to read out.
        var reference = Activity.Current?.TraceId.ToHexString() ?? HttpContext.TraceIdentifier;
        if (code >= 500)
        {
            // Every 500 is in the log with the reference the user sees, so an operator can find it from a screenshot,
            // whether an exception caused it or a component answered 500 without one.
            var failure = HttpContext.Features.Get<IExceptionHandlerPathFeature>();
            var path = failure?.Path ?? HttpContext.Features.Get<IStatusCodeReExecuteFeature>()?.OriginalPath ?? Request.Path.Value;
            logger.LogError(failure?.Error, "Fel {StatusCode} med referens {Reference} för {Method} {Path}", code, reference, Request.Method, path);
        }
        return View("Error", new ErrorViewModel(code, reference));
    }
}
