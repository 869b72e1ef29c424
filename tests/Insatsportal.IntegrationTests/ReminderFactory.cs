using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Insatsportal.IntegrationTests.Infrastructure;
using Insatsportal.Web.Features.FollowUps.Reminders;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace Insatsportal.IntegrationTests;

/// <summary>The app with a clock the test sets and the reminder services called directly (the worker is off).</summary>
public abstract class ReminderFactory : AppFactory
{
    public TestClock Clock { get; } = new(new DateTimeOffset(2021, 3, 1, 9, 0, 0, TimeSpan.Zero));

    protected abstract void ConfigureMail(IWebHostBuilder builder);

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Reminders:DaysBeforeDeadline", "7");
        builder.UseSetting("Mail:From", "insatsportal@test.example");
        ConfigureMail(builder);
        builder.ConfigureTestServices(services => services.AddSingleton<TimeProvider>(Clock));
    }

    /// <summary>Sets the clock to 09:00 UTC (11:00 in Sweden) on a date.</summary>
    public void SetDate(DateOnly date) => Clock.Now = new DateTimeOffset(date.ToDateTime(new TimeOnly(9, 0)), TimeSpan.Zero);

    /// <summary>A round of the seeded Halmstad plan, opened on 1 February 2021.</summary>
    public Task<int> OpenRoundAsync(string name, DateOnly deadline) => Data.RoundAsync(name, deadline);

    public async Task<int> QueueDueAsync()
    {
        using var scope = Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<ReminderScheduler>().QueueDueAsync(CancellationToken.None);
    }

    public async Task<int> SendDueAsync()
    {
        using var scope = Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<ReminderSender>().SendDueAsync(CancellationToken.None);
    }

    /// <summary>Sends batch after batch until nothing due is left; returns how many were sent.</summary>
    public async Task<int> SendAllDueAsync()
    {
        var total = 0;
        for (var sent = await SendDueAsync(); sent > 0; sent = await SendDueAsync())
        {
            total += sent;
        }
        return total;
    }
}

/// <summary>Mail written to a temporary pickup folder, as in Development.</summary>
public class PickupReminderFactory : ReminderFactory
{
    public string MailFolder { get; } = Path.Combine(Path.GetTempPath(), $"insatsportal-mail-{Guid.NewGuid():N}");

    protected override void ConfigureMail(IWebHostBuilder builder) => builder.UseSetting("Mail:PickupDirectory", MailFolder);

    public string[] MailFiles() => Directory.Exists(MailFolder) ? Directory.GetFiles(MailFolder, "*.eml") : [];

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (Directory.Exists(MailFolder))
        {
            Directory.Delete(MailFolder, recursive: true);
        }
    }
}

/// <summary>SMTP pointed at a loopback port nothing listens on: every send fails at once.</summary>
public sealed class FailingSmtpReminderFactory : ReminderFactory
{
    protected override void ConfigureMail(IWebHostBuilder builder)
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        builder.UseSetting("Mail:Host", "127.0.0.1");
        builder.UseSetting("Mail:Port", port.ToString(CultureInfo.InvariantCulture));
    }
}
