using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using AngleSharp.Dom;
using Insatsportal.IntegrationTests.Infrastructure;
using Insatsportal.Web.Domain;
using Insatsportal.Web.Features.FollowUps;
using Insatsportal.Web.Features.PlanTransfer;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using T = Insatsportal.Web.Features.PlanTransfer.PlanTemplate;

namespace Insatsportal.IntegrationTests;

public sealed class SqliteTwoInstances : TwoInstances<SqliteSharedDatabase>;

public sealed class SqliteTwoInstanceTests(SqliteTwoInstances instances)
    : TwoInstanceTests<SqliteSharedDatabase>(instances), IClassFixture<SqliteTwoInstances>;

/// <summary>The same, as issue 13 asks: two instances over one PostgreSQL database on a real server.</summary>
public sealed class PostgreSqlTwoInstances : TwoInstances<PostgreSqlSharedDatabase>;

public sealed class PostgreSqlTwoInstanceTests(PostgreSqlTwoInstances instances)
    : TwoInstanceTests<PostgreSqlSharedDatabase>(instances), IClassFixture<PostgreSqlTwoInstances>;

/// <summary>Sign in on one instance and go on on another; import on one and follow on the other; reminders sent
/// once by two workers; the same insats edited on both.</summary>
public abstract partial class TwoInstanceTests<TDatabase>(TwoInstances<TDatabase> instances) where TDatabase : ISharedDatabase, new()
{
    private const string Halmstad = "halmstad-utvecklingsplan-2020-2021";
    private const string SessionCookie = "__Host-insatsportal";

    [Fact]
    public async Task Signed_in_on_the_first_instance_the_user_goes_on_working_on_the_second_and_on_one_started_later()
    {
        var cookies = new CookieJar();
        var first = instances.First.CreateProxiedClient(cookies);
        var second = instances.Second.CreateProxiedClient(cookies);

        await first.SignInAsAsync(DemoUsers.DirectorOfEducation);

        Assert.Contains("Karin Holm", (await second.GetPageAsync("/")).QuerySelector(".user-menu")!.TextContent, StringComparison.Ordinal);
        // A form the first instance issued (its antiforgery token) is accepted by the second.
        var id = await InitiativeIdAsync("matematik-skolutveckling");
        var url = $"/insatser/{S(id)}/redigera";
        var form = await first.GetPageAsync(url);
        var saved = await second.SubmitAsync(form, url, f => f.Set("Title", "Matematik – sparad på den andra servern"));
        Forms.AssertRedirect(saved, $"/insatser/{S(id)}");
        Assert.Equal("Matematik – sparad på den andra servern",
            await instances.First.WithDbAsync(db => db.Initiatives.Where(i => i.Id == id).Select(i => i.Title).SingleAsync()));

        // The session cookie is protected with a key that is in the database, not in either process or on its disk,
        // so an instance started later (or this one after a restart) reads it as well.
        var keyId = ProtectingKey(cookies);
        var keys = await instances.First.WithDbAsync(db => db.DataProtectionKeys.Select(k => k.FriendlyName).ToListAsync());
        Assert.Contains($"key-{keyId:D}", keys);
        await using var later = instances.StartAnother();
        Assert.Contains("Karin Holm", (await later.CreateProxiedClient(cookies).GetPageAsync("/")).QuerySelector(".user-menu")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_import_previewed_on_one_instance_is_confirmed_on_the_other_and_followed_on_both()
    {
        var cookies = new CookieJar();
        var first = instances.First.CreateProxiedClient(cookies);
        var second = instances.Second.CreateProxiedClient(cookies);
        await first.SignInAsAsync(DemoUsers.DirectorOfEducation);
        var plan = await NewEmptyPlanAsync("Import över två servrar");
        var export = await (await second.GetAsync($"/planer/{S(await HalmstadAsync())}/exportera")).Content.ReadAsByteArrayAsync();

        var preview = await Browser.ParseAsync(await PlanTransferTests.UploadAsync(first, plan, export));
        var status = await ConfirmAsync(second, preview);
        var pages = await FollowAsync([first, second], status);

        var done = pages.Select(p => p.QuerySelector(".notice--success")?.TextContent.Trim()).ToList();
        Assert.All(done, text => Assert.StartsWith("Importen är klar:", text, StringComparison.Ordinal));
        Assert.Single(done.Distinct());
        Assert.True(await instances.First.WithDbAsync(db => db.Initiatives.AnyAsync(i => i.PlanId == plan)));
    }

    [Fact]
    public async Task An_import_on_an_instance_that_is_stopped_goes_back_to_the_queue_and_another_instance_finishes_it()
    {
        // The stopping instance's import is held at its first new insats until the instance stops: the import is
        // certainly under way, in its transaction, when the instance is told to stop.
        var hold = new HoldFirstInsert("Initiatives");
        await using var stopping = instances.StartAnotherPollingOften(hold);
        var cookies = new CookieJar();
        var client = stopping.CreateProxiedClient(cookies);
        await client.SignInAsAsync(DemoUsers.DirectorOfEducation);
        var plan = await NewEmptyPlanAsync("Import som flyttar till en annan server");
        var book = TestWorkbook.Read(await (await client.GetAsync($"/planer/{S(plan)}/exportera")).Content.ReadAsByteArrayAsync());
        const int Count = 40;
        for (var n = 1; n <= Count; n++)
        {
            var key = $"flytt-{S(n)}";
            book.Add(T.Initiatives.Sheet.Name, (T.Initiatives.Key, key), (T.Initiatives.Title, $"Insats {S(n)}"), (T.Initiatives.Status, "Pågående"),
                (T.Initiatives.Purpose, "Att pröva en import som byter server."), (T.Initiatives.StartDate, "2026-01-01"), (T.Initiatives.EndDate, "2026-12-31"));
            book.Add(T.Responsible.Sheet.Name, (T.InitiativeKey, key), (T.Responsible.Role, "Avdelningschef Kvalitet"), (T.Responsible.Department, "Kvalitetsavdelningen"));
            book.Add(T.Activities.Sheet.Name, (T.InitiativeKey, key), (T.Activities.Text, "Planera"), (T.Timing, "Våren"));
        }
        var preview = await Browser.ParseAsync(await PlanTransferTests.UploadAsync(client, plan, book.ToBytes()));
        var status = await ConfirmAsync(client, preview);
        var job = Guid.Parse(status[(status.IndexOf("jobb=", StringComparison.Ordinal) + 5)..], CultureInfo.InvariantCulture);
        var stopped = Instance(stopping);

        await hold.Reached.WaitAsync(TimeSpan.FromMinutes(2));
        var running = await instances.First.WithDbAsync(db => db.PlanImports.AsNoTracking().SingleAsync(j => j.Id == job));
        Assert.Equal((PlanImportState.Running, stopped, 1), (running.State, running.LeaseOwner, running.Attempts));
        await stopping.DisposeAsync();
        Assert.Equal(PlanImportState.Queued, await instances.First.WithDbAsync(db => db.PlanImports.Where(j => j.Id == job).Select(j => j.State).SingleAsync()));
        // Another server starts (or the stopped one again) and takes the queue's job.
        await using var finishing = instances.StartAnotherPollingOften();

        var pages = await FollowAsync([instances.First.CreateProxiedClient(cookies)], status);
        Assert.StartsWith("Importen är klar:", pages.Single().QuerySelector(".notice--success")!.TextContent.Trim(), StringComparison.Ordinal);
        var row = await instances.First.WithDbAsync(db => db.PlanImports.AsNoTracking().SingleAsync(j => j.Id == job));
        Assert.Equal(Instance(finishing), row.LeaseOwner);
        // The stopped run gave the job back without counting it; nothing of it was kept.
        Assert.Equal(1, row.Attempts);
        Assert.Equal(Count, await instances.First.WithDbAsync(db => db.Initiatives.CountAsync(i => i.PlanId == plan)));
    }

    [Fact]
    public async Task Both_instances_reminder_workers_run_and_each_email_is_sent_once()
    {
        // A round whose deadline is near, so that reports are due whatever the demo rounds hold: every writer gets one
        // digest a day (queued by whichever instance's worker comes first, the unique key keeping it single).
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        await WithServiceAsync<RoundCommands, int>(async rounds =>
            (await rounds.OpenAsync(await HalmstadAsync(), "Omgång med påminnelser från två servrar", FollowUpOccasionKind.InterimReport,
                today.AddDays(-1), today.AddDays(5), null, CancellationToken.None)).Id);

        await WaitForAsync(() => instances.First.WithDbAsync(async db =>
            await db.ReminderMessages.AnyAsync(m => m.Kind == ReminderKind.Digest)
            && !await db.ReminderMessages.AnyAsync(m => m.SentAt == null)));
        // Let a pass that was under way when the last message was marked sent finish, as a duplicate would.
        await Task.Delay(TimeSpan.FromSeconds(3));

        var sent = await instances.First.WithDbAsync(db => db.ReminderMessages.Where(m => m.SentAt != null)
            .Select(m => new { m.ToEmail, m.Subject }).ToListAsync());
        var mails = Directory.GetFiles(instances.MailFolder, "*.eml").Select(f => Eml.Parse(File.ReadAllText(f))).ToList();
        Assert.True(sent.Count > 0, "Nothing was sent.");
        Assert.Equal(sent.Select(m => $"{m.ToEmail} {m.Subject}").Order(StringComparer.Ordinal),
            mails.Select(m => $"{Address(m.To)} {m.Subject}").Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task The_same_insats_saved_on_both_instances_gives_the_second_save_the_usual_conflict_page()
    {
        var id = await InitiativeIdAsync("barn-och-elevhalsa");
        var url = $"/insatser/{S(id)}/redigera";
        var director = instances.First.CreateProxiedClient(new CookieJar());
        await director.SignInAsAsync(DemoUsers.DirectorOfEducation);
        var head = instances.Second.CreateProxiedClient(new CookieJar());
        await head.SignInAsAsync(DemoUsers.DepartmentHead);
        var directorsForm = await director.GetPageAsync(url);
        var headsForm = await head.GetPageAsync(url);

        Assert.Equal(HttpStatusCode.Redirect, (await director.SubmitAsync(directorsForm, url, f => f.Set("Title", "Elevhälsa – sparad på den första"))).StatusCode);
        var refused = await head.SubmitAsync(headsForm, url, f => f.Set("Title", "Elevhälsa – sparad på den andra"));

        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        var page = await Browser.ParseAsync(refused);
        var conflict = page.QuerySelector("#konflikt")!.TextContent;
        Assert.Contains("Karin Holm ändrade uppgiften", conflict, StringComparison.Ordinal);
        Assert.Contains("Elevhälsa – sparad på den första", conflict, StringComparison.Ordinal);
        Assert.Equal("Elevhälsa – sparad på den första",
            await instances.Second.WithDbAsync(db => db.Initiatives.Where(i => i.Id == id).Select(i => i.Title).SingleAsync()));
    }

    /// <summary>The id of the Data Protection key a protected cookie was made with: the payload starts with a magic
    /// number and the key's id (docs: "Data Protection payload format").</summary>
    private static Guid ProtectingKey(CookieJar cookies)
    {
        var value = cookies[SessionCookie]!;
        if (value.StartsWith("chunks-", StringComparison.Ordinal))
        {
            var count = int.Parse(value["chunks-".Length..], CultureInfo.InvariantCulture);
            value = string.Concat(Enumerable.Range(1, count).Select(n => cookies[$"{SessionCookie}C{S(n)}"]));
        }
        var payload = WebEncoders.Base64UrlDecode(value);
        Assert.Equal([0x09, 0xF0, 0xC9, 0xF0], payload[..4]);
        return new Guid(payload.AsSpan(4, 16));
    }

    private static async Task<string> ConfirmAsync(HttpClient client, IDocument preview)
    {
        var form = preview.QuerySelector("main form.confirm-form") ?? throw new InvalidOperationException("The preview offers no confirmation.");
        var response = await client.PostAsync(form.GetAttribute("action"), new FormUrlEncodedContent(Forms.Values(form).Append(
            new("__RequestVerificationToken", form.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!))));
        Forms.AssertRedirect(response, "/planer/");
        return response.Headers.Location!.OriginalString;
    }

    /// <summary>Follows the status page, asking each client in turn, until the import has ended; then the page from each.</summary>
    private static async Task<List<IDocument>> FollowAsync(HttpClient[] clients, string statusUrl)
    {
        var waited = System.Diagnostics.Stopwatch.StartNew();
        for (var n = 0; waited.Elapsed < TimeSpan.FromMinutes(3); n++)
        {
            var page = await clients[n % clients.Length].GetPageAsync(statusUrl);
            if (page.QuerySelector("meta[http-equiv=refresh]") is null)
            {
                var pages = new List<IDocument>();
                foreach (var client in clients)
                {
                    pages.Add(await client.GetPageAsync(statusUrl));
                }
                return pages;
            }
            await Task.Delay(200);
        }
        throw new TimeoutException("The import did not end.");
    }

    private static string Instance(KestrelInstance instance) => instance.Services.GetRequiredService<LocalImportActivity>().InstanceId;

    private static async Task WaitForAsync(Func<Task<bool>> condition)
    {
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (!await condition())
        {
            if (waited.Elapsed > TimeSpan.FromMinutes(2))
            {
                throw new TimeoutException("The condition did not come true.");
            }
            await Task.Delay(20);
        }
    }

    private static string Address(string to) => AngleBrackets().Match(to) is { Success: true } m ? m.Groups[1].Value : to.Trim();

    private async Task<TResult> WithServiceAsync<TService, TResult>(Func<TService, Task<TResult>> work) where TService : notnull
    {
        using var scope = instances.First.Services.CreateScope();
        return await work(scope.ServiceProvider.GetRequiredService<TService>());
    }

    private Task<int> HalmstadAsync() => instances.First.WithDbAsync(db => db.Plans.Where(p => p.Key == Halmstad).Select(p => p.Id).SingleAsync());

    private Task<int> InitiativeIdAsync(string key) => instances.First.WithDbAsync(db =>
        db.Initiatives.Where(i => i.Key == key && i.Plan.Key == Halmstad).Select(i => i.Id).SingleAsync());

    private Task<int> NewEmptyPlanAsync(string name) => instances.First.WithDbAsync(async db =>
    {
        var organisation = await db.Plans.Where(p => p.Key == Halmstad).Select(p => p.OrganisationId).SingleAsync();
        var plan = new Plan
        {
            OrganisationId = organisation, Key = Web.Features.Shared.Keys.Slug(name), Name = name, Kind = PlanKind.DevelopmentPlan,
            Status = PlanStatus.Draft, PeriodStart = new DateOnly(2026, 1, 1), PeriodEnd = new DateOnly(2027, 12, 31),
        };
        db.Plans.Add(plan);
        await db.SaveChangesAsync();
        return plan.Id;
    });

    [GeneratedRegex("<([^>]+)>")]
    private static partial Regex AngleBrackets();
}
