using Insatsportal.IntegrationTests.Infrastructure;
using Insatsportal.Web.Domain;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Insatsportal.IntegrationTests;

public partial class FollowUpTests(FollowUpTests.Factory app) : IClassFixture<FollowUpTests.Factory>
{
    /// <summary>The app with its clock set to 1 March 2021, in the middle of the Halmstad plan's period.</summary>
    public class Factory : AppFactory
    {
        public TestClock Clock { get; } = new(new DateTimeOffset(2021, 3, 1, 9, 0, 0, TimeSpan.Zero));

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.ConfigureTestServices(services => services.AddSingleton<TimeProvider>(Clock));
        }

        /// <summary>A round of the seeded Halmstad plan, opened on 1 February 2021.</summary>
        public Task<int> OpenRoundAsync(string name, DateOnly deadline) => Data.RoundAsync(name, deadline, instructions: "Svara på alla frågor.");
    }

    internal static void CompleteAnswers(FormData form)
    {
        form.Set("Implementation", "OnTrack").Set("ImplementationComment", "Planeringen är klar.")
            .Set("OverallAssessment", "Arbetet går enligt plan och eleverna är engagerade.");
        for (var n = 0; n < 10; n++)
        {
            if (form[$"Activities[{n}].Status"] is not null)
            {
                form.Set($"Activities[{n}].Status", "OnTrack");
            }
            if (form[$"Effects[{n}].Judgement"] is not null)
            {
                form.Set($"Effects[{n}].Judgement", "PartlyVisible").Set($"Effects[{n}].EvidenceType", "Survey").Set($"Effects[{n}].Evidence", "Elevenkät hösten 2020.");
            }
        }
    }

    private Task<ReportStatus> StatusAsync(int id) =>
        app.WithDbAsync(db => db.FollowUpReports.Where(r => r.Id == id).Select(r => r.Status).SingleAsync());
}
