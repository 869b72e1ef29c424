using System.Net;
using System.Net.Mail;
using System.Text;
using Insatsportal.Web.Domain;
using Microsoft.Extensions.Options;

namespace Insatsportal.Web.Features.FollowUps.Reminders;

/// <summary>Delivers one reminder. Throws when it cannot; the sender keeps the message and tries again later.</summary>
public interface IMailTransport
{
    Task SendAsync(ReminderMessage message, CancellationToken ct);
}

/// <summary>Sends through the configured SMTP server.</summary>
public sealed class SmtpMailTransport(IOptions<MailOptions> options) : IMailTransport
{
    // SmtpClient.Timeout only applies to synchronous sends, so a hanging server is cut off by cancellation instead.
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(100);

    public async Task SendAsync(ReminderMessage message, CancellationToken ct)
    {
        var mail = options.Value;
        if (string.IsNullOrWhiteSpace(mail.Host))
        {
            throw new InvalidOperationException("Mail:Host är inte konfigurerad.");
        }
        // SmtpClient is not thread-safe and holds a connection; one per message keeps the transport stateless.
        using var client = new SmtpClient(mail.Host, mail.Port) { EnableSsl = mail.EnableSsl };
        if (!string.IsNullOrEmpty(mail.UserName))
        {
            client.Credentials = new NetworkCredential(mail.UserName, mail.Password);
        }
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(Timeout);
        using var mailMessage = MailMessages.Create(message, mail);
        await client.SendMailAsync(mailMessage, timeout.Token);
    }
}

/// <summary>Writes each message as an .eml file into a folder instead of sending it (Development).</summary>
public sealed class PickupDirectoryTransport(IOptions<MailOptions> options, IHostEnvironment environment) : IMailTransport
{
    public string Directory { get; } = Path.GetFullPath(Path.Combine(environment.ContentRootPath, options.Value.PickupDirectory ?? "App_Data/mail"));

    public async Task SendAsync(ReminderMessage message, CancellationToken ct)
    {
        System.IO.Directory.CreateDirectory(Directory);
        using var client = new SmtpClient
        {
            DeliveryMethod = SmtpDeliveryMethod.SpecifiedPickupDirectory,
            PickupDirectoryLocation = Directory,
        };
        using var mailMessage = MailMessages.Create(message, options.Value);
        await client.SendMailAsync(mailMessage, ct);
    }
}

internal static class MailMessages
{
    public static MailMessage Create(ReminderMessage message, MailOptions mail)
    {
        if (string.IsNullOrWhiteSpace(mail.From))
        {
            throw new InvalidOperationException("Mail:From är inte konfigurerad.");
        }
        var mailMessage = new MailMessage
        {
            From = new MailAddress(mail.From, mail.FromName, Encoding.UTF8),
            Subject = message.Subject,
            SubjectEncoding = Encoding.UTF8,
            Body = message.Body,
            BodyEncoding = Encoding.UTF8,
            HeadersEncoding = Encoding.UTF8,
            IsBodyHtml = false,
        };
        mailMessage.To.Add(new MailAddress(message.ToEmail, message.ToName, Encoding.UTF8));
        return mailMessage;
    }
}
