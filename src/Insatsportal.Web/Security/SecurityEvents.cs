using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;

namespace Insatsportal.Web.Security;

/// <summary>
/// Security events as structured log events (OWASP ASVS 4.0.3 V7.1, V7.2): every one has the property
/// SecurityEvent (what), UserId and EmailHash (who), Route and ClientIp (where from); the time is the event's
/// timestamp. The e-mail address is logged as a short SHA-256 hash so that attempts against one account can be
/// followed without putting addresses (often mistyped ones) into the log; the user id is logged when the account
/// exists. Passwords, tokens and cookies are never passed in here.
/// </summary>
public static partial class SecurityEvents
{
    /// <summary>One log category for all of them, kept at Information in appsettings.json.</summary>
    public const string Category = "Insatsportal.Web.Security.SecurityEvents";

    public const string SignInSucceeded = nameof(SignInSucceeded);
    public const string SignInFailed = nameof(SignInFailed);
    public const string LockedOut = nameof(LockedOut);
    public const string AccessDenied = nameof(AccessDenied);
    public const string SignedOut = nameof(SignedOut);
    public const string PasswordChanged = nameof(PasswordChanged);
    public const string PasswordChangeFailed = nameof(PasswordChangeFailed);
    public const string RolesChanged = nameof(RolesChanged);
    public const string OwnRightsRefused = nameof(OwnRightsRefused);
    /// <summary>The provider's answer was not accepted (bad token, state or nonce; cancelled; provider error).</summary>
    public const string ProviderSignInFailed = nameof(ProviderSignInFailed);
    /// <summary>A valid token for a person without an active user here (unknown, deactivated, or the address
    /// already linked to another identity).</summary>
    public const string ProviderSignInRefused = nameof(ProviderSignInRefused);
    public const string ProviderLinked = nameof(ProviderLinked);
    public const string ProviderLinkRemoved = nameof(ProviderLinkRemoved);
    /// <summary>A password sign-in, change or reset while local passwords are off (docs/sso.md).</summary>
    public const string PasswordRefused = nameof(PasswordRefused);

    public static void LogSecurityEvent(this ILogger logger, string securityEvent, HttpContext http, string? userId = null, string? email = null)
    {
        userId ??= http.User.FindFirstValue(ClaimTypes.NameIdentifier);
        email ??= http.User.FindFirstValue(ClaimTypes.Email) ?? http.User.Identity?.Name;
        var level = securityEvent is SignInSucceeded or SignedOut or PasswordChanged or ProviderLinked ? LogLevel.Information : LogLevel.Warning;
        Write(logger, level, securityEvent, userId ?? "-", Hash(email), http.Request.Path.Value ?? "/", http.Connection.RemoteIpAddress?.ToString() ?? "-");
    }

    /// <summary>The first 16 hex digits of SHA-256 of the trimmed, lower-case address; "-" when there is none.</summary>
    public static string Hash(string? email) => string.IsNullOrWhiteSpace(email)
        ? "-"
        : Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(email.Trim().ToLowerInvariant())))[..16];

    [LoggerMessage(EventId = 7000, Message = "Security event {SecurityEvent}: user {UserId} (e-mail hash {EmailHash}) on {Route} from {ClientIp}")]
    private static partial void Write(ILogger logger, LogLevel level, string securityEvent, string userId, string emailHash, string route, string clientIp);
}
