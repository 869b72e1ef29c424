using System.Net;
using Insatsportal.IntegrationTests.Infrastructure;
using Insatsportal.Web.Domain;
using Insatsportal.Web.Security;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace Insatsportal.IntegrationTests;

/// <summary>Passwords and sessions at OWASP ASVS 4.0.3 level 2 (V2.1, V3.2, V3.3), through the real forms.</summary>
public class SessionTests(SessionTests.Factory app) : IClassFixture<SessionTests.Factory>
{
    private const string CookieName = "__Host-insatsportal";

    /// <summary>The app with a clock the test moves, so that the idle timeout is proven without waiting.</summary>
    public class Factory : AppFactory
    {
        public TestClock Clock { get; } = new(DateTimeOffset.UtcNow);

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.ConfigureTestServices(services => services.AddSingleton<TimeProvider>(Clock));
        }

        public async Task<string> CreateUserAsync(string password)
        {
            var email = $"person-{Guid.NewGuid():N}@insatsportal.example";
            using var scope = Services.CreateScope();
            var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
            var user = new AppUser { UserName = email, Email = email, DisplayName = "Testa Testsson" };
            var created = await users.CreateAsync(user, password);
            Assert.True(created.Succeeded, string.Join(", ", created.Errors.Select(e => e.Description)));
            await users.AddToRoleAsync(user, "Tjänsteperson");
            return email;
        }
    }

    private const string Password = "en lång och hemlig fras";

    private static async Task<HttpResponseMessage> ChangeAsync(HttpClient browser, string current, string next, string? confirm = null) =>
        await browser.PostFormAsync("/konto/byt-losenord", new Dictionary<string, string>
        {
            ["CurrentPassword"] = current,
            ["NewPassword"] = next,
            ["ConfirmPassword"] = confirm ?? next,
        });

    private async Task<HttpClient> SignedInAsync(string email, string password = Password)
    {
        var browser = app.CreateBrowser();
        var response = await browser.SignInAsync(email, password);
        Assert.True(response.StatusCode == HttpStatusCode.Redirect, $"Sign-in gave {(int)response.StatusCode}");
        return browser;
    }

    /// <summary>A client that sends exactly this cookie value, the way an attacker replays a stolen cookie.</summary>
    private HttpClient WithCookie(string value)
    {
        var client = app.CreateClient(new() { AllowAutoRedirect = false, HandleCookies = false, BaseAddress = new Uri("https://localhost") });
        client.DefaultRequestHeaders.Add("Cookie", $"{CookieName}={value}");
        return client;
    }

    private static string CookieValue(HttpResponseMessage response) =>
        SecurityHeadersTests.SetCookie(response, CookieName + "=").Split(';')[0][(CookieName.Length + 1)..];

    [Fact]
    public async Task Common_or_breached_passwords_are_refused_in_Swedish()
    {
        var email = await app.CreateUserAsync(Password);
        var browser = await SignedInAsync(email);
        string[] common = ["lösenord1234", "Lösenord2024!", "password1234", "qwerty123456", "1qaz2wsx3edc", "123456789012",
            "sommarsommar", "abcabcabcabc", "iloveyou2025", "trustno1trustno1", email];

        foreach (var password in common)
        {
            var response = await ChangeAsync(browser, Password, password);

            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.True(CommonPasswordValidator.Message == Forms.FieldError(await Browser.ParseAsync(response), "NewPassword"), $"{password} was not refused");
        }
        await SignedInAsync(email);
    }

    [Fact]
    public void The_shipped_list_is_loaded_and_holds_the_well_known_passwords()
    {
        Assert.True(CommonPasswordValidator.Count > 30_000);
        Assert.True(CommonPasswordValidator.IsCommon("trustno1"));
        Assert.True(CommonPasswordValidator.IsCommon("Välkommen"));
        Assert.False(CommonPasswordValidator.IsCommon("kaffe på altanen i juni"));
    }

    [Fact]
    public async Task A_password_shorter_than_12_characters_is_refused_and_the_old_one_still_works()
    {
        var email = await app.CreateUserAsync(Password);
        var browser = await SignedInAsync(email);

        var response = await ChangeAsync(browser, Password, "kort fras 1");

        Assert.Equal("Lösenordet måste ha minst 12 tecken.", Forms.FieldError(await Browser.ParseAsync(response), "NewPassword"));
        await SignedInAsync(email);
    }

    [Fact]
    public async Task Any_password_of_12_to_256_characters_is_allowed_without_composition_rules()
    {
        var email = await app.CreateUserAsync(Password);
        var browser = await SignedInAsync(email);
        var current = Password;
        string[] allowed = ["tolv tecken!", "bara små bokstäver utan siffror", "EN FRAS MED STORA BOKSTÄVER", Phrase(64), Phrase(256)];

        foreach (var password in allowed)
        {
            Forms.AssertRedirect(await ChangeAsync(browser, current, password), "/");
            current = password;
        }

        // The longest one signs in through the sign-in form too.
        await SignedInAsync(email, Phrase(256));
    }

    private static string Phrase(int length) => string.Concat(Enumerable.Range(0, length).Select(i => "kanelbulle med kardemumma "[i % 26]));

    [Fact]
    public async Task A_wrong_current_password_or_a_different_confirmation_is_a_Swedish_message_and_changes_nothing()
    {
        var email = await app.CreateUserAsync(Password);
        var browser = await SignedInAsync(email);

        var wrong = await Browser.ParseAsync(await ChangeAsync(browser, "inte mitt lösenord", "ett helt nytt lösenord"));
        var different = await Browser.ParseAsync(await ChangeAsync(browser, Password, "ett helt nytt lösenord", "ett annat nytt lösenord"));

        Assert.Equal("Det nuvarande lösenordet stämmer inte.", Forms.FieldError(wrong, "CurrentPassword"));
        Assert.Equal("Lösenorden är inte lika.", Forms.FieldError(different, "ConfirmPassword"));
        Assert.DoesNotContain(different.QuerySelectorAll("input[type=password]"), i => !string.IsNullOrEmpty(i.GetAttribute("value")));
        await SignedInAsync(email);
    }

    [Fact]
    public async Task The_change_password_page_is_linked_in_the_layout_and_labelled_in_Swedish()
    {
        var browser = await SignedInAsync(await app.CreateUserAsync(Password));

        var start = await browser.GetPageAsync("/");
        var page = await browser.GetPageAsync("/konto/byt-losenord");

        Assert.NotNull(start.QuerySelector("header a[href='/konto/byt-losenord']"));
        Assert.Equal("Byt lösenord", page.QuerySelector("h1")!.TextContent);
        Assert.Equal("Nuvarande lösenord", page.QuerySelector("label[for=CurrentPassword]")!.TextContent);
        Assert.Equal("Nytt lösenord", page.QuerySelector("label[for=NewPassword]")!.TextContent);
        Assert.Equal("Nytt lösenord igen", page.QuerySelector("label[for=ConfirmPassword]")!.TextContent);
    }

    [Fact]
    public async Task After_a_password_change_other_sessions_end_and_this_one_goes_on_with_a_new_cookie()
    {
        var email = await app.CreateUserAsync(Password);
        var elsewhere = await SignedInAsync(email);
        var here = await SignedInAsync(email);

        var response = await ChangeAsync(here, Password, "ett helt nytt lösenord");

        Forms.AssertRedirect(response, "/");
        Assert.NotEmpty(CookieValue(response));
        Assert.Equal(HttpStatusCode.OK, (await here.GetAsync("/planer")).StatusCode);
        Forms.AssertRedirect(await elsewhere.GetAsync("/planer"), "https://localhost/logga-in");
        Assert.Equal(HttpStatusCode.OK, (await app.CreateBrowser().SignInAsync(email, Password)).StatusCode);
        await SignedInAsync(email, "ett helt nytt lösenord");
    }

    [Fact]
    public async Task A_cookie_copied_before_sign_out_is_useless_after_it()
    {
        var email = await app.CreateUserAsync(Password);
        var browser = app.CreateBrowser();
        var signIn = await browser.SignInAsync(email, Password);
        var stolen = WithCookie(CookieValue(signIn));
        Assert.Equal(HttpStatusCode.OK, (await stolen.GetAsync("/planer")).StatusCode);

        Forms.AssertRedirect(await browser.PostFormAsync("/", new Dictionary<string, string>(), "form[action='/logga-ut']"), "/logga-in");

        Forms.AssertRedirect(await stolen.GetAsync("/planer"), "https://localhost/logga-in");
    }

    [Fact]
    public async Task Sign_in_issues_a_new_session_cookie_and_ignores_one_the_browser_already_had()
    {
        var email = await app.CreateUserAsync(Password);
        var first = CookieValue(await app.CreateBrowser().SignInAsync(email, Password));
        var planted = app.CreateBrowser();
        planted.DefaultRequestHeaders.Add("Cookie", $"{CookieName}={first}");

        var second = CookieValue(await planted.SignInAsync(email, Password));

        Assert.NotEqual(first, second);
    }

    [Fact]
    public async Task A_session_ends_after_30_minutes_without_a_request_and_each_request_extends_it()
    {
        var browser = await SignedInAsync(await app.CreateUserAsync(Password));

        app.Clock.Advance(TimeSpan.FromMinutes(20));
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/planer")).StatusCode);
        app.Clock.Advance(TimeSpan.FromMinutes(25));
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/planer")).StatusCode);
        app.Clock.Advance(TimeSpan.FromMinutes(31));

        Forms.AssertRedirect(await browser.GetAsync("/planer"), "https://localhost/logga-in");
    }

    [Fact]
    public async Task A_deactivated_users_cookie_stops_working_at_once()
    {
        var email = await app.CreateUserAsync(Password);
        var browser = await SignedInAsync(email);

        await app.WithDbAsync(async db =>
        {
            var user = db.Users.Single(u => u.Email == email);
            user.IsActive = false;
            await db.SaveChangesAsync();
        });

        Forms.AssertRedirect(await browser.GetAsync("/planer"), "https://localhost/logga-in");
    }
}
