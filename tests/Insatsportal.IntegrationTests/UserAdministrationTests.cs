using Insatsportal.IntegrationTests.Infrastructure;
using Insatsportal.Web.Domain;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Insatsportal.IntegrationTests;

public partial class UserAdministrationTests(UserAdministrationTests.Factory app) : IClassFixture<UserAdministrationTests.Factory>
{
    /// <summary>A test clock, so that a session's security stamp is revalidated by moving time, not waiting.</summary>
    public class Factory : AppFactory
    {
        public TestClock Clock { get; } = new(DateTimeOffset.UtcNow);

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.ConfigureTestServices(services => services.AddSingleton<TimeProvider>(Clock));
        }
    }

    private async Task<HttpClient> AdminAsync()
    {
        var browser = app.CreateBrowser();
        await browser.SignInAsAsync(DemoUsers.Administrator);
        return browser;
    }

    private Task<int> DepartmentAsync(string key) =>
        app.WithDbAsync(db => db.Departments.Where(d => d.Key == key && d.Organisation.Key == "halmstad-buf").Select(d => d.Id).SingleAsync());

    private Task<int> UnitAsync(string key) =>
        app.WithDbAsync(db => db.Units.Where(u => u.Key == key).Select(u => u.Id).FirstAsync());

    private Task<AppUser?> UserAsync(string email)
    {
        var normalized = email.ToUpperInvariant();
        return app.WithDbAsync(db => db.Users.AsNoTracking().SingleOrDefaultAsync(u => u.NormalizedEmail == normalized));
    }

    /// <summary>Creates a user through the form with a password the test knows.</summary>
    private async Task<string> CreateAsync(HttpClient admin, string email, string name, string role, string password, int? department = null, int? unit = null)
    {
        var response = await admin.SubmitAsync("/admin/anvandare/ny", form =>
        {
            form.Set("DisplayName", name).Set("Email", email).Set("Title", role).Set("Password", password).Add("Roles", role);
            if (department is { } d) { form.Add("DepartmentIds", S(d)); }
            if (unit is { } u) { form.Add("UnitIds", S(u)); }
        });
        Forms.AssertRedirect(response, "/admin/anvandare/");
        return (await UserAsync(email))!.Id;
    }
}
