using Insatsportal.Web.Authorization;
using Insatsportal.Web.Data;
using Insatsportal.Web.Data.Scale;
using Insatsportal.Web.Features.Account;
using Insatsportal.Web.Features.Administration;
using Insatsportal.Web.Features.BoardReports;
using Insatsportal.Web.Features.Dashboard;
using Insatsportal.Web.Features.FollowUps;
using Insatsportal.Web.Features.History;
using Insatsportal.Web.Features.Initiatives;
using Insatsportal.Web.Features.Kolada;
using Insatsportal.Web.Features.Plans;
using Insatsportal.Web.Features.PlanTransfer;
using Insatsportal.Web.Features.Shared;
using Insatsportal.Web.Hosting;
using Insatsportal.Web.Security;
using Microsoft.Extensions.Options;

var builder = WebApplication.CreateBuilder(args);
var configuration = builder.Configuration;
var environment = builder.Environment;

// Each area registers its own services (see the area's *Services.cs); background workers start in this order.
builder.Services
    .AddAppLogging(configuration)
    .AddAppData(configuration, environment)
    .AddCaches(configuration)
    .AddHistory()
    .AddPlans()
    .AddInitiatives()
    .AddFollowUps(configuration)
    .AddOverview()
    .AddBoardReports()
    .AddPlanTransfer(configuration)
    .AddAdministration()
    .AddKolada(configuration)
    .AddSecurity(configuration, environment)
    .AddAppAuthorization()
    .AddAppIdentity(configuration, environment)
    .AddWebUi()
    .AddAppHealthChecks();

var app = builder.Build();

if (SharedKeys.IsRevocationRequested(args))
{
    await app.InitialiseDatabaseAsync();
    Environment.ExitCode = await SharedKeys.RunRevocationAsync(app.Services, args, Console.Out);
    return;
}

if (AdminBootstrap.IsRequested(args))
{
    await app.InitialiseDatabaseAsync();
    Environment.ExitCode = await AdminBootstrap.RunFromCommandLineAsync(app.Services, args, Console.In, Console.Out);
    return;
}

await app.InitialiseDatabaseAsync();

if (ScaleDataCommand.IsRequested(args))
{
    Environment.ExitCode = await ScaleDataCommand.RunAsync(app.Services, args, Console.Out);
    return;
}

// First: everything after it (HSTS, the https-only cookies, redirects, the request log) must see the client's scheme,
// host and address as the proxy reports them.
app.UseForwardedHeaders();
app.UseSecurityHeaders(app.Services.GetRequiredService<IOptions<SignInSettings>>().Value.OpenIdConnect is { IsConfigured: true } oidc ? oidc.Authority : null);
if (!app.Environment.IsDevelopment())
{
    app.UseExceptionHandler("/fel");
    app.UseHsts();
}
app.UseResponseCompression();
app.UseStatusCodePagesWithReExecute("/fel/{0}");
app.UseAppRequestLogging();
app.UseRequestLocalization();
app.UseRouting();
app.UseAuthentication();
app.UseAuthorization();
app.UsePageCache(app.Configuration);

// Static files are public and short-circuit the pipeline as soon as routing has matched them: no authentication
// (which would decrypt the session cookie and look up the security stamp, one SQL query per CSS request) and no
// authorization. Everything before routing still runs: security headers, compression, request logging.
app.MapStaticAssets().AllowAnonymous().ShortCircuit();
app.MapAppHealthChecks();
app.MapControllers();

app.Run();
