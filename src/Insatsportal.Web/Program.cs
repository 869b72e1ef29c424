using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Unicode;
using Insatsportal.Web.Authorization;
using Insatsportal.Web.Data;
using Insatsportal.Web.Data.Scale;
using Insatsportal.Web.Data.Seeding;
using Insatsportal.Web.Domain;
using Insatsportal.Web.Features.Account;
using Insatsportal.Web.Features.Dashboard;
using Insatsportal.Web.Features.BoardReports;
using Insatsportal.Web.Features.Administration;
using Insatsportal.Web.Features.FollowUps;
using Insatsportal.Web.Features.Goals;
using Insatsportal.Web.Features.Groups;
using Insatsportal.Web.Features.FollowUps.Reminders;
using Insatsportal.Web.Features.History;
using Insatsportal.Web.Features.Initiatives;
using Insatsportal.Web.Features.Plans;
using Insatsportal.Web.Features.PlanTransfer;
using Insatsportal.Web.Features.Shared;
using Insatsportal.Web.Security;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Localization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Razor;
using Microsoft.AspNetCore.Mvc.ViewFeatures;
using Microsoft.AspNetCore.ResponseCompression;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.WebEncoders;
using Serilog;

var builder = WebApplication.CreateBuilder(args);

// Serilog is registered as a service (not a static bootstrap logger) so that several hosts can run in one
// test process; its sinks and levels come from the "Serilog" section of appsettings. The static Log.Logger is
// left alone: otherwise every host in a process writes through the last one built, and the first one stopped
// closes the others' sinks.
builder.Services.AddSerilog((services, logger) => logger
    .ReadFrom.Configuration(builder.Configuration)
    .ReadFrom.Services(services)
    .Enrich.FromLogContext(), preserveStaticLogger: true);

builder.Services.AddSingleton(TimeProvider.System);
builder.Services.AddAppDatabase(builder.Configuration, builder.Environment);
builder.Services.Configure<SeedingOptions>(builder.Configuration.GetSection(SeedingOptions.Section));
builder.Services.AddScoped<Seeder>();
builder.Services.AddScoped<DemoRoundsSeeder>();
builder.Services.AddScoped<ScaleDataGenerator>();
builder.Services.AddScoped<AdminBootstrap>();
builder.Services.AddScoped<PlanQueries>();
// The insats list caches its option lists per user for a minute (InitiativeSearch.OptionsLifetime).
builder.Services.AddMemoryCache();
// Whole pages are kept per user, antiforgery cookie, day and data version (docs/performance.md, "Output cache").
builder.Services.AddPageCache(builder.Configuration);
builder.Services.AddSingleton<Insatsportal.Web.Features.FollowUps.ReportCounts>();
builder.Services.AddScoped<InitiativeSearch>();
builder.Services.AddScoped<InitiativeQueries>();
builder.Services.AddScoped<InitiativeCommands>();
builder.Services.AddScoped<FollowUpQueries>();
builder.Services.AddScoped<RoundCommands>();
builder.Services.AddScoped<ReportCommands>();
builder.Services.AddScoped<OverviewScopes>();
builder.Services.AddScoped<OverviewQueries>();
builder.Services.AddScoped<OverviewLists>();
builder.Services.AddScoped<ComparisonQueries>();
builder.Services.AddSingleton<ComparisonCache>();
builder.Services.AddScoped<BoardReportQueries>();
builder.Services.AddOptions<ReminderOptions>().Bind(builder.Configuration.GetSection(ReminderOptions.Section))
    .Validate(o => o.DaysBeforeDeadline >= 0 && o.PollInterval > TimeSpan.Zero, "Reminders: DaysBeforeDeadline must be 0 or more and PollInterval positive.")
    .ValidateOnStart();
builder.Services.Configure<MailOptions>(builder.Configuration.GetSection(MailOptions.Section));
// A pickup folder (Development) takes precedence over a mail server: mail is written to disk, never sent.
builder.Services.AddSingleton<IMailTransport>(services =>
    string.IsNullOrWhiteSpace(services.GetRequiredService<IOptions<MailOptions>>().Value.PickupDirectory)
        ? ActivatorUtilities.CreateInstance<SmtpMailTransport>(services)
        : ActivatorUtilities.CreateInstance<PickupDirectoryTransport>(services));
builder.Services.AddScoped<ReminderScheduler>();
builder.Services.AddScoped<ReminderSender>();
builder.Services.AddHostedService<ReminderWorker>();
builder.Services.AddScoped<HistoryRecorder>();
builder.Services.AddScoped<GroupEditor>();
builder.Services.AddScoped<PlanEditor>();
builder.Services.AddScoped<PlanCarryOver>();
builder.Services.AddScoped<GoalEditor>();
// Excel export and import of a plan; confirmed imports wait in the database and run one at a time per instance in
// the background (docs/plan-template.md).
builder.Services.AddScoped<PlanExporter>();
builder.Services.AddScoped<PlanImportAnalyzer>();
builder.Services.AddScoped<PlanImportWriter>();
builder.Services.AddScoped<ImportUploads>();
builder.Services.AddScoped<PlanImportQueue>();
builder.Services.AddSingleton<LocalImportActivity>();
builder.Services.AddOptions<PlanImportOptions>().Bind(builder.Configuration.GetSection(PlanImportOptions.Section))
    .Validate(o => o.PollInterval > TimeSpan.Zero && o.HeartbeatInterval > TimeSpan.Zero && o.JobLease > o.HeartbeatInterval,
        "PlanTransfer: PollInterval and HeartbeatInterval must be positive and JobLease longer than HeartbeatInterval.")
    .ValidateOnStart();
builder.Services.AddHostedService<PlanImportWorker>();
builder.Services.AddScoped<UserQueries>();
builder.Services.AddScoped<UserCommands>();
builder.Services.AddScoped<UserHistory>();
builder.Services.AddScoped<Handover>();
builder.Services.AddScoped<OrganisationEditor>();
builder.Services.AddScoped<UnitImport>();
// Key figures from Kolada: fetched on demand and once a day, or uploaded (docs/kolada.md).
builder.Services.AddOptions<Insatsportal.Web.Features.Kolada.KoladaOptions>()
    .Bind(builder.Configuration.GetSection(Insatsportal.Web.Features.Kolada.KoladaOptions.Section))
    .Validate(o => Uri.TryCreate(o.BaseUrl, UriKind.Absolute, out _) && o.PollInterval > TimeSpan.Zero && o.FetchInterval > TimeSpan.Zero
        && o.MaxUploadBytes > 0 && o.MaxPages > 0, "Kolada: BaseUrl must be an absolute URL; intervals, MaxUploadBytes and MaxPages positive.")
    .ValidateOnStart();
builder.Services.AddHttpClient<Insatsportal.Web.Features.Kolada.KoladaClient>();
builder.Services.AddScoped<Insatsportal.Web.Features.Kolada.KoladaService>();
builder.Services.AddScoped<Insatsportal.Web.Features.Kolada.KoladaFigures>();
builder.Services.AddScoped<Insatsportal.Web.Features.Kolada.KoladaSeeder>();
builder.Services.AddScoped<Insatsportal.Web.Features.Kolada.KoladaBoardReport>();
builder.Services.AddHostedService<Insatsportal.Web.Features.Kolada.KoladaWorker>();
builder.Services.AddHttpContextAccessor();
// Several instances behind a load balancer: shared keys in the database, forwarded headers from known proxies
// (docs/operations.md).
builder.Services.AddSharedDataProtection();
builder.Services.AddProxySupport(builder.Configuration);
builder.Services.AddSingleton<IAuthorizationHandler, InitiativeAuthorizationHandler>();
builder.Services.AddSingleton<IAuthorizationHandler, PlanContentAuthorizationHandler>();
builder.Services.AddSingleton<IAuthorizationHandler, RoundAuthorizationHandler>();
// Scoped: it asks the request's DbContext who writes and reviews the report.
builder.Services.AddScoped<IAuthorizationHandler, ReportAuthorizationHandler>();

builder.Services
    .AddIdentity<AppUser, IdentityRole>(options =>
    {
        // The password policy is documented in docs/security.md: length over composition (NIST SP 800-63B).
        options.Password.RequiredLength = 12;
        options.Password.RequireDigit = false;
        options.Password.RequireLowercase = false;
        options.Password.RequireUppercase = false;
        options.Password.RequireNonAlphanumeric = false;
        options.Password.RequiredUniqueChars = 1;
        options.Lockout.AllowedForNewUsers = true;
        options.Lockout.MaxFailedAccessAttempts = 5;
        options.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(15);
        options.User.RequireUniqueEmail = true;
        options.SignIn.RequireConfirmedAccount = false;
    })
    .AddEntityFrameworkStores<AppDbContext>()
    .AddErrorDescriber<SwedishIdentityErrorDescriber>()
    .AddClaimsPrincipalFactory<AppClaimsPrincipalFactory>()
    .AddSignInManager<AppSignInManager>()
    .AddPasswordValidator<CommonPasswordValidator>()
    .AddDefaultTokenProviders();
// Sign-in through the municipality's OpenID Connect provider and the switch for local passwords (docs/sso.md).
builder.Services.AddProviderSignIn(builder.Configuration, builder.Environment);
// Checks every request's cookie against the user's security stamp (sign-out and password change end sessions).
builder.Services.AddScoped<ISecurityStampValidator, SessionValidator>();

builder.Services.ConfigureApplicationCookie(options =>
{
    options.LoginPath = "/logga-in";
    options.LogoutPath = "/logga-ut";
    options.AccessDeniedPath = "/atkomst-nekad";
    options.ReturnUrlParameter = "returUrl";
    // "__Host-" binds the cookie to this host, https and path "/" (ASVS V3.4.4); Development runs on plain http,
    // where browsers refuse such a cookie.
    options.Cookie.Name = builder.Environment.IsDevelopment() ? "insatsportal" : "__Host-insatsportal";
    options.Cookie.HttpOnly = true;
    // Lax, not Strict: a link in a reminder e-mail must open the report signed in. Every unsafe request also
    // needs an antiforgery token, whose cookie is Strict.
    options.Cookie.SameSite = SameSiteMode.Lax;
    options.Cookie.SecurePolicy = builder.Environment.IsDevelopment()
        ? CookieSecurePolicy.SameAsRequest
        : CookieSecurePolicy.Always;
    // Idle timeout: 30 minutes without a request ends the session.
    options.ExpireTimeSpan = TimeSpan.FromMinutes(30);
    options.SlidingExpiration = true;
    options.Events.OnRedirectToAccessDenied = context =>
    {
        context.HttpContext.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(SecurityEvents.Category)
            .LogSecurityEvent(SecurityEvents.AccessDenied, context.HttpContext);
        context.Response.Redirect(context.RedirectUri);
        return Task.CompletedTask;
    };
});
builder.Services.AddAntiforgery(options =>
{
    options.Cookie.Name = builder.Environment.IsDevelopment() ? "insatsportal-af" : "__Host-insatsportal-af";
    options.Cookie.HttpOnly = true;
    options.Cookie.SameSite = SameSiteMode.Strict;
    options.Cookie.SecurePolicy = builder.Environment.IsDevelopment()
        ? CookieSecurePolicy.SameAsRequest
        : CookieSecurePolicy.Always;
});
builder.Services.AddHsts(options =>
{
    options.MaxAge = TimeSpan.FromDays(365);
    options.IncludeSubDomains = true;
});

// Roles and scope live in the cookie; they are re-read once a minute instead of Identity's default half hour, so an
// administrator's change reaches a signed-in user quickly. The security stamp itself is compared on every request
// (SessionValidator), so sign-out, a password change or reset and deactivation end old sessions at once.
builder.Services.Configure<SecurityStampValidatorOptions>(options => options.ValidationInterval = TimeSpan.FromMinutes(1));

builder.Services.AddAuthorizationBuilder()
    // Every page requires a signed-in user unless it says [AllowAnonymous].
    .SetFallbackPolicy(new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build());

builder.Services
    .AddControllersWithViews(options =>
    {
        options.Filters.Add(new AutoValidateAntiforgeryTokenAttribute());
        SwedishMessages.Apply(options.ModelBindingMessageProvider);
        options.ModelBinderProviders.Insert(0, new SwedishNumberBinderProvider());
        options.ModelMetadataDetailsProviders.Add(new SwedishDisplayNameFallback());
    })
    .AddRazorOptions(options =>
    {
        // Feature folders: a controller's views live next to it in Features/<Feature>/.
        options.ViewLocationFormats.Clear();
        options.ViewLocationFormats.Add("/Features/{1}/{0}" + RazorViewEngine.ViewExtension);
        options.ViewLocationFormats.Add("/Features/Shared/{0}" + RazorViewEngine.ViewExtension);
        options.ViewLocationFormats.Add("/Features/History/{0}" + RazorViewEngine.ViewExtension);
        // Follow-up has three controllers (rounds, reports, att göra) in one feature folder.
        options.ViewLocationFormats.Add("/Features/FollowUps/{1}/{0}" + RazorViewEngine.ViewExtension);
        // Administration's controllers (users, organisation) share one folder; their views are named.
        options.ViewLocationFormats.Add("/Features/Administration/{0}" + RazorViewEngine.ViewExtension);
    });

// The forms' row fields are read without compiling an expression per field and request (IndexedModelExpressions.cs).
builder.Services.AddSingleton<IModelExpressionProvider, IndexedModelExpressionProvider>();

// Razor encodes everything outside Basic Latin by default; å, ä and ö are kept as they are.
builder.Services.Configure<WebEncoderOptions>(o => o.TextEncoderSettings = new TextEncoderSettings(UnicodeRanges.All));
// Brotli or gzip for pages and JSON at the fastest level (a 200 KB page shrinks about tenfold for well under a
// millisecond); static assets come precompressed from MapStaticAssets. Which responses are compressed, and why that
// is safe against BREACH, is in docs/security.md ("Response compression") and SameOriginCompressionProvider.
builder.Services.AddResponseCompression(options =>
{
    options.EnableForHttps = true;
    options.Providers.Add<BrotliCompressionProvider>();
    options.Providers.Add<GzipCompressionProvider>();
});
builder.Services.AddSingleton<IResponseCompressionProvider, SameOriginCompressionProvider>();
builder.Services.AddAppHealthChecks();
builder.Services.Configure<RequestLocalizationOptions>(options =>
{
    var swedish = new CultureInfo("sv-SE");
    options.DefaultRequestCulture = new RequestCulture(swedish);
    options.SupportedCultures = [swedish];
    options.SupportedUICultures = [swedish];
    options.RequestCultureProviders.Clear();
});

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
app.UseSerilogRequestLogging(options =>
{
    // The app's own logger: the middleware would otherwise write through the static Log.Logger, which is left
    // silent (see AddSerilog above), and no request line would ever reach the log.
    options.Logger = app.Services.GetRequiredService<Serilog.ILogger>();
    options.GetLevel = HealthEndpoints.RequestLogLevel;
});
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
