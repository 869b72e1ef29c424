using Insatsportal.Web.Data.Scale;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Insatsportal.IntegrationTests.Infrastructure;

/// <summary>
/// The real app over a generated data set (<see cref="ScaleDataGenerator"/>), with its SQL commands counted, so
/// that a test can run a page on two sizes of data and require the same number of commands and a bounded size.
/// </summary>
public abstract class ScaleAppFactory : CountingAppFactory, IAsyncLifetime
{
    protected abstract ScaleProfile Profile { get; }

    public ScaleDataSummary Summary { get; private set; } = null!;

    /// <summary>The ids a page needs, read from the generated data.</summary>
    public ScaleIds Ids { get; private set; } = null!;

    async Task IAsyncLifetime.InitializeAsync()
    {
        using var scope = Services.CreateScope();
        Summary = await scope.ServiceProvider.GetRequiredService<ScaleDataGenerator>().GenerateAsync(Profile);
        Ids = await WithDbAsync(ScaleIds.ReadAsync);
    }

    Task IAsyncLifetime.DisposeAsync() => Task.CompletedTask;

    private readonly Dictionary<string, HttpClient> _signedIn = [];
    private readonly SemaphoreSlim _signingIn = new(1, 1);

    /// <summary>One signed-in browser per demo account, kept for the factory's life (signing in hashes a password).</summary>
    public async Task<HttpClient> SignedInAsync(string email)
    {
        await _signingIn.WaitAsync();
        try
        {
            if (!_signedIn.TryGetValue(email, out var browser))
            {
                browser = CreateBrowser();
                await browser.SignInAsAsync(email);
                _signedIn[email] = browser;
            }
            return browser;
        }
        finally
        {
            _signingIn.Release();
        }
    }
}

/// <summary>The ids of the largest generated plan, its rounds and one of each kind of item in it.</summary>
public sealed record ScaleIds(int Plan, int Goal, int OpenRound, int ClosedRound, int Initiative, int UnitReport, int Department, int Unit)
{
    public static async Task<ScaleIds> ReadAsync(Insatsportal.Web.Data.AppDbContext db)
    {
        var plan = await db.Plans.Where(p => p.Key == ScaleDataGenerator.KeyPrefix + "plan-1").Select(p => p.Id).SingleAsync();
        var rounds = await db.FollowUpRounds.Where(r => r.PlanId == plan).OrderBy(r => r.Id)
            .Select(r => new { r.Id, r.Status }).ToListAsync();
        var open = rounds.Last(r => r.Status == Insatsportal.Web.Domain.RoundStatus.Open).Id;
        var closed = rounds.Last(r => r.Status == Insatsportal.Web.Domain.RoundStatus.Closed).Id;
        // A submitted report: the same state on every data set, so that the same page is compared.
        var report = await db.FollowUpReports
            .Where(r => r.RoundId == open && r.UnitId != null && r.Status == Insatsportal.Web.Domain.ReportStatus.Submitted).OrderBy(r => r.Id)
            .Select(r => new { r.Id, r.InitiativeId, Unit = r.UnitId!.Value, Department = r.Unit!.DepartmentId!.Value }).FirstAsync();
        var goal = await db.Goals.Where(g => g.PlanId == plan).OrderBy(g => g.SortOrder).Select(g => g.Id).FirstAsync();
        return new ScaleIds(plan, goal, open, closed, report.InitiativeId, report.Id, report.Department, report.Unit);
    }
}
