using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;

namespace Insatsportal.IntegrationTests.Infrastructure;

/// <summary>
/// The app as it runs in production (environment Production), with one more Serilog sink configured through
/// settings only: a compact-JSON file the test reads. Everything, framework and request logging included, is
/// written at Information, so a secret in any log line would be seen.
/// </summary>
public class LoggingAppFactory : AppFactory
{
    public string LogPath { get; } = Path.Combine(Path.GetTempPath(), $"insatsportal-test-{Guid.NewGuid():N}.log");

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseEnvironment("Production");
        builder.ConfigureAppConfiguration((_, configuration) => configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Serilog:MinimumLevel:Default"] = "Information",
            ["Serilog:MinimumLevel:Override:Microsoft.AspNetCore"] = "Information",
            ["Serilog:MinimumLevel:Override:Microsoft.EntityFrameworkCore"] = "Warning",
            ["Serilog:WriteTo:1:Name"] = "File",
            ["Serilog:WriteTo:1:Args:path"] = LogPath,
            ["Serilog:WriteTo:1:Args:formatter"] = "Serilog.Formatting.Compact.CompactJsonFormatter, Serilog.Formatting.Compact",
        }));
    }

    /// <summary>The whole log file as written so far (the sink flushes every event).</summary>
    public string ReadLog()
    {
        using var stream = new FileStream(LogPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    public IReadOnlyList<JsonElement> ReadEvents() => ReadLog()
        .Split('\n', StringSplitOptions.RemoveEmptyEntries)
        .Select(line => JsonDocument.Parse(line).RootElement.Clone())
        .ToList();

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        File.Delete(LogPath);
    }
}
