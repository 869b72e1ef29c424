namespace Insatsportal.Web.Features.FollowUps.Reminders;

/// <summary>When reminders are queued and how often the worker looks for work ("Reminders" in configuration).</summary>
public sealed class ReminderOptions
{
    public const string Section = "Reminders";

    /// <summary>A report still open this many days before its deadline (or fewer) gets one reminder.</summary>
    public int DaysBeforeDeadline { get; set; } = 7;

    /// <summary>Digests are queued from this hour of the day, Swedish time (0–23): one e-mail a morning.</summary>
    public int DigestFromHour { get; set; } = 6;

    public TimeSpan PollInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Off: the background worker does nothing (tests call the scheduler and sender themselves).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Put in front of the report path in e-mails ("https://insatsportal.kommun.se"); empty gives the path alone.</summary>
    public string? BaseUrl { get; set; }
}

/// <summary>The mail server, or the folder mail is written to instead ("Mail" in configuration).</summary>
public sealed class MailOptions
{
    public const string Section = "Mail";

    public string? Host { get; set; }
    public int Port { get; set; } = 25;
    public bool EnableSsl { get; set; }
    public string? UserName { get; set; }
    public string? Password { get; set; }
    public string? From { get; set; }
    public string FromName { get; set; } = "Insatsportal";

    /// <summary>When set, every message is written as an .eml file into this folder instead of sent (Development).
    /// A relative path is relative to the content root.</summary>
    public string? PickupDirectory { get; set; }
}
