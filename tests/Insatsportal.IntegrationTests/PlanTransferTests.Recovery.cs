using AngleSharp.Dom;
using Insatsportal.IntegrationTests.Infrastructure;
using Insatsportal.Web.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Insatsportal.IntegrationTests;

/// <summary>Imports left behind by instances that stopped, and previews nobody confirmed.</summary>
public partial class PlanTransferTests
{
    [Fact]
    public async Task An_import_left_running_by_an_instance_that_stopped_is_taken_up_again_once_its_lease_has_run_out()
    {
        var browser = await SignedInAsync(DemoUsers.DirectorOfEducation);
        var halmstad = await app.HalmstadAsync();
        var copy = await NewEmptyPlanAsync("Kopia för en avbruten import");
        var preview = await PreviewAsync(browser, copy, await ExportAsync(browser, halmstad));
        var job = await LeaveRunningAsync(preview, attempts: 1, leaseRunOut: true);

        var status = await FollowAsync(browser, copy, job);

        Assert.Contains("Importen är klar", status.QuerySelector(".notice--success")!.TextContent, StringComparison.Ordinal);
        var row = await app.WithDbAsync(db => db.PlanImports.SingleAsync(j => j.Id == job));
        var instance = app.Services.GetRequiredService<Web.Features.PlanTransfer.LocalImportActivity>().InstanceId;
        Assert.Equal((PlanImportState.Succeeded, 2, instance), (row.State, row.Attempts, row.LeaseOwner));
        Assert.Null(row.Content);
        Assert.Equal(await app.WithDbAsync(db => db.Initiatives.CountAsync(i => i.PlanId == halmstad && !i.IsArchived)),
            await app.WithDbAsync(db => db.Initiatives.CountAsync(i => i.PlanId == copy)));
    }

    [Fact]
    public async Task An_import_whose_instance_stopped_twice_is_marked_failed_in_swedish_and_writes_nothing()
    {
        var browser = await SignedInAsync(DemoUsers.DirectorOfEducation);
        var copy = await NewEmptyPlanAsync("Kopia för en import som avbröts två gånger");
        var preview = await PreviewAsync(browser, copy, await ExportAsync(browser, await app.HalmstadAsync()));
        var job = await LeaveRunningAsync(preview, attempts: Web.Features.PlanTransfer.PlanImportWorker.MaxAttempts, leaseRunOut: true);

        var status = await FollowAsync(browser, copy, job);

        Assert.Equal("Importen avbröts två gånger för att servern som körde den stannade. Ingenting sparades. Ladda upp filen igen.",
            status.QuerySelector(".notice--error")!.TextContent.Trim());
        var row = await app.WithDbAsync(db => db.PlanImports.SingleAsync(j => j.Id == job));
        Assert.Equal((PlanImportState.Failed, Web.Features.PlanTransfer.PlanImportWorker.MaxAttempts), (row.State, row.Attempts));
        Assert.Null(row.Content);
        Assert.False(await app.WithDbAsync(db => db.Initiatives.AnyAsync(i => i.PlanId == copy)));
    }

    [Fact]
    public async Task An_import_whose_instance_still_renews_its_lease_is_left_to_that_instance()
    {
        var browser = await SignedInAsync(DemoUsers.DirectorOfEducation);
        var held = await NewEmptyPlanAsync("Kopia som en annan instans importerar till");
        var export = await ExportAsync(browser, await app.HalmstadAsync());
        var job = await LeaveRunningAsync(await PreviewAsync(browser, held, export), attempts: 1, leaseRunOut: false);

        // A later import is queued and finished; the worker has passed over the held job at least once by then.
        var other = await NewEmptyPlanAsync("Kopia som importeras under tiden");
        await ConfirmAsync(browser, await PreviewAsync(browser, other, export));

        var row = await app.WithDbAsync(db => db.PlanImports.SingleAsync(j => j.Id == job));
        Assert.Equal((PlanImportState.Running, 1, "en-annan-instans"), (row.State, row.Attempts, row.LeaseOwner));
        Assert.False(await app.WithDbAsync(db => db.Initiatives.AnyAsync(i => i.PlanId == held)));
        var status = await browser.GetPageAsync($"/planer/{S(held)}/importera/status?jobb={job}");
        Assert.Contains("Kontrollerar filen mot planen", status.QuerySelector(".import-status")!.TextContent, StringComparison.Ordinal);
        Assert.NotNull(status.QuerySelector("meta[http-equiv=refresh]"));
        // Let it go, so that nothing is left running in the shared database.
        await app.WithDbAsync(db => db.PlanImports.Where(j => j.Id == job).ExecuteUpdateAsync(s => s.SetProperty(j => j.State, PlanImportState.Failed)));
    }

    [Fact]
    public async Task A_preview_nobody_confirmed_within_two_hours_is_removed_with_its_file_and_cannot_be_confirmed()
    {
        var browser = await SignedInAsync(DemoUsers.DirectorOfEducation);
        var copy = await NewEmptyPlanAsync("Kopia för en bortglömd förhandsgranskning");
        var preview = await PreviewAsync(browser, copy, await ExportAsync(browser, await app.HalmstadAsync()));
        var token = preview.QuerySelector("main form.confirm-form input[name=upload]")!.GetAttribute("value")!;

        await app.WithDbAsync(db => db.PlanImports.Where(j => j.UploadToken == token)
            .ExecuteUpdateAsync(s => s.SetProperty(j => j.UploadedAt, DateTime.UtcNow.AddHours(-2).AddMinutes(-1))));

        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (await app.WithDbAsync(db => db.PlanImports.AnyAsync(j => j.UploadToken == token)))
        {
            Assert.True(waited.Elapsed < TimeSpan.FromMinutes(1), "The expired preview was not removed.");
            await Task.Delay(50);
        }
        var form = preview.QuerySelector("main form.confirm-form")!;
        var response = await browser.PostAsync(form.GetAttribute("action"), new FormUrlEncodedContent(Forms.Values(form).Append(
            new("__RequestVerificationToken", form.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!))));
        Assert.Contains("Förhandsgranskningen finns inte längre", (await Browser.ParseAsync(response)).QuerySelector(".error-summary")!.TextContent, StringComparison.Ordinal);
        Assert.False(await app.WithDbAsync(db => db.Initiatives.AnyAsync(i => i.PlanId == copy)));
    }

    /// <summary>Makes a previewed upload look like an import that an instance took and then stopped renewing (or is
    /// still renewing): what the database holds when an instance dies in the middle of an import.</summary>
    private Task<Guid> LeaveRunningAsync(IDocument preview, int attempts, bool leaseRunOut) => app.WithDbAsync(async db =>
    {
        var token = preview.QuerySelector("main form.confirm-form input[name=upload]")!.GetAttribute("value")!;
        var now = DateTime.UtcNow;
        Assert.Equal(1, await db.PlanImports.Where(j => j.UploadToken == token && j.State == PlanImportState.Uploaded)
            .ExecuteUpdateAsync(s => s
                .SetProperty(j => j.State, PlanImportState.Running)
                .SetProperty(j => j.QueuedAt, now.AddMinutes(-10))
                .SetProperty(j => j.StartedAt, now.AddMinutes(-10))
                .SetProperty(j => j.Attempts, attempts)
                .SetProperty(j => j.LeaseOwner, leaseRunOut ? "en-stoppad-instans" : "en-annan-instans")
                .SetProperty(j => j.LeaseExpiresAt, leaseRunOut ? now.AddMinutes(-1) : now.AddHours(1))));
        return await db.PlanImports.Where(j => j.UploadToken == token).Select(j => j.Id).SingleAsync();
    });

    /// <summary>Follows a job's status page (it refreshes itself) until the import has ended.</summary>
    private static async Task<IDocument> FollowAsync(HttpClient browser, int planId, Guid job)
    {
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (waited.Elapsed < TimeSpan.FromMinutes(2))
        {
            var page = await browser.GetPageAsync($"/planer/{S(planId)}/importera/status?jobb={job}");
            if (page.QuerySelector("meta[http-equiv=refresh]") is null)
            {
                return page;
            }
            await Task.Delay(100);
        }
        throw new TimeoutException("The import did not end.");
    }
}
