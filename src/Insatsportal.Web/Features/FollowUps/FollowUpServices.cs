using Insatsportal.Web.Features.FollowUps.Reminders;
using Microsoft.Extensions.Options;

namespace Insatsportal.Web.Features.FollowUps;

public static class FollowUpServices
{
    /// <summary>Rounds, reports and Att göra, and the reminders' daily digests with the mail they go out by.</summary>
    public static IServiceCollection AddFollowUps(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton<ReportCounts>();
        services.AddScoped<FollowUpQueries>();
        services.AddScoped<RoundCommands>();
        services.AddScoped<ReportCommands>();
        services.AddOptions<ReminderOptions>().Bind(configuration.GetSection(ReminderOptions.Section))
            .Validate(o => o.DaysBeforeDeadline >= 0 && o.PollInterval > TimeSpan.Zero, "Reminders: DaysBeforeDeadline must be 0 or more and PollInterval positive.")
            .ValidateOnStart();
        services.Configure<MailOptions>(configuration.GetSection(MailOptions.Section));
        // A pickup folder (Development) takes precedence over a mail server: mail is written to disk, never sent.
        services.AddSingleton<IMailTransport>(provider =>
            string.IsNullOrWhiteSpace(provider.GetRequiredService<IOptions<MailOptions>>().Value.PickupDirectory)
                ? ActivatorUtilities.CreateInstance<SmtpMailTransport>(provider)
                : ActivatorUtilities.CreateInstance<PickupDirectoryTransport>(provider));
        services.AddScoped<ReminderScheduler>();
        services.AddScoped<ReminderSender>();
        services.AddHostedService<ReminderWorker>();
        return services;
    }
}
