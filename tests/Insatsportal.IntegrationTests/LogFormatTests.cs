using System.Text.RegularExpressions;
using Insatsportal.IntegrationTests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Insatsportal.IntegrationTests;

/// <summary>
/// The app with a file sink that writes exactly as the configured console sink does (its outputTemplate and
/// formatProvider copied from appsettings.json), so the test reads what an operator reads on the console.
/// </summary>
public sealed class ConsoleFormatAppFactory : AppFactory
{
    public string LogPath { get; } = Path.Combine(Path.GetTempPath(), $"insatsportal-format-{Guid.NewGuid():N}.log");

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureAppConfiguration((_, configuration) =>
        {
            var console = configuration.Build().GetSection("Serilog:WriteTo").GetChildren()
                .Single(sink => sink["Name"] == "Console").GetSection("Args");
            configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Serilog:WriteTo:9:Name"] = "File",
                ["Serilog:WriteTo:9:Args:path"] = LogPath,
                ["Serilog:WriteTo:9:Args:outputTemplate"] = console["outputTemplate"],
                ["Serilog:WriteTo:9:Args:formatProvider"] = console["formatProvider"],
            });
        });
    }

    public string ReadLog()
    {
        using var stream = new FileStream(LogPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        File.Delete(LogPath);
    }
}

/// <summary>Dates in the server log are ISO 8601: the line's time stamp and a date or time in a message.</summary>
public sealed class LogFormatTests(ConsoleFormatAppFactory app) : IClassFixture<ConsoleFormatAppFactory>
{
    [Fact]
    public async Task Console_log_lines_start_with_an_iso_date_and_time_and_dates_in_messages_are_iso()
    {
        using var client = app.CreateClient();
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Insatsportal.Web.LogFormatProbe");
        logger.LogWarning("Probe for {Today} at {At}", new DateOnly(2026, 12, 2), new DateTime(2026, 12, 2, 14, 37, 2, DateTimeKind.Utc));

        // The file sink flushes on its own schedule; the line is read once it is there.
        var line = "";
        for (var attempt = 0; attempt < 100 && line.Length == 0; attempt++)
        {
            line = app.ReadLog().Split('\n').FirstOrDefault(l => l.Contains("Probe for", StringComparison.Ordinal)) ?? "";
            if (line.Length == 0)
            {
                await Task.Delay(100);
            }
        }
        Assert.Matches(new Regex(@"^\[\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2} WRN\] "), line);
        // A date in a message is ISO 8601 too (as JSON under {Message:lj}, through LogFormat.Culture otherwise),
        // never the invariant culture's month first "12/02/2026".
        Assert.Matches(new Regex(@"Probe for ""?2026-12-02""? at ""?2026-12-02[T ]14:37:02"), line);
        Assert.DoesNotContain("12/02/2026", line, StringComparison.Ordinal);
    }
}
