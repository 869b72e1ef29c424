using System.Net;
using Insatsportal.IntegrationTests.Infrastructure;
using Insatsportal.Web.Data;
using Insatsportal.Web.Security;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Insatsportal.IntegrationTests;

/// <summary>The keys that protect cookies and forms are in the database, shared by every instance (docs/operations.md).</summary>
public sealed class DataProtectionTests
{
    private static Dictionary<string, string?> Settings => new()
    {
        ["Seeding:Plans"] = "false",
        ["Seeding:Demo"] = "true",
        ["Seeding:DemoPassword"] = AppFactory.DemoPassword,
        ["Reminders:Enabled"] = "false",
        ["ForwardedHeaders:KnownProxies:0"] = "127.0.0.1",
    };

    [Fact]
    public async Task The_keys_are_kept_in_the_apps_database_under_one_application_name()
    {
        await using var database = new SqliteSharedDatabase();
        await using var app = new KestrelInstance(database, Settings).Start();

        await app.CreateProxiedClient(new CookieJar()).SignInAsAsync(DemoUsers.Administrator);

        Assert.Equal(SharedKeys.ApplicationName, app.Services.GetRequiredService<IOptions<DataProtectionOptions>>().Value.ApplicationDiscriminator);
        Assert.IsType<EntityFrameworkCoreXmlRepository<AppDbContext>>(app.Services.GetRequiredService<IOptions<KeyManagementOptions>>().Value.XmlRepository);
        Assert.Single(await app.WithDbAsync(db => db.DataProtectionKeys.Where(k => k.FriendlyName!.StartsWith("key-")).ToListAsync()));
    }

    [Fact]
    public async Task Revoking_the_keys_from_the_command_line_ends_every_session_and_a_new_sign_in_works()
    {
        await using var database = new SqliteSharedDatabase();
        var cookies = new CookieJar();
        await using (var before = new KestrelInstance(database, Settings).Start())
        {
            await before.CreateProxiedClient(cookies).SignInAsAsync(DemoUsers.DirectorOfEducation);
        }
        await using (var command = new KestrelInstance(database, Settings))
        {
            var output = new StringWriter();
            Assert.Equal(0, await SharedKeys.RunRevocationAsync(command.Services, [SharedKeys.RevokeOption, "Nycklarna kan ha läckt"], output));
            Assert.Contains("1 nycklar är spärrade (Nycklarna kan ha läckt)", output.ToString(), StringComparison.Ordinal);
        }

        // The instances are restarted after a revocation.
        await using var after = new KestrelInstance(database, Settings).Start();
        var browser = after.CreateProxiedClient(cookies);
        var response = await browser.GetAsync("/");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/logga-in", response.Headers.Location!.AbsolutePath);
        await browser.SignInAsAsync(DemoUsers.DirectorOfEducation);
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/")).StatusCode);
        var names = await after.WithDbAsync(db => db.DataProtectionKeys.Select(k => k.FriendlyName!).ToListAsync());
        Assert.Equal(2, names.Count(n => n.StartsWith("key-", StringComparison.Ordinal)));
        Assert.Contains(names, n => n.StartsWith("revocation-", StringComparison.Ordinal));
    }
}
