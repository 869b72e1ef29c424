using Insatsportal.Web.Data;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;

namespace Insatsportal.Web.Security;

/// <summary>
/// Data Protection (which encrypts the session cookie, antiforgery tokens and Identity's tokens) keeps its keys in the
/// app's database under one application name, so that every instance over that database reads what any other
/// issued, and a restart changes nothing. Key rotation and revocation: docs/operations.md.
/// </summary>
public static class SharedKeys
{
    /// <summary>The same on every instance: Data Protection isolates applications by this name, and its default (the
    /// content root path) differs between servers.</summary>
    public const string ApplicationName = "Insatsportal";

    public const string RevokeOption = "--revoke-keys";

    public static IServiceCollection AddSharedDataProtection(this IServiceCollection services)
    {
        services.AddDataProtection()
            .SetApplicationName(ApplicationName)
            .PersistKeysToDbContext<AppDbContext>();
        return services;
    }

    public static bool IsRevocationRequested(string[] args) => args.Contains(RevokeOption);

    /// <summary>
    /// Revokes every key created until now (<c>--revoke-keys ["reason"]</c>), for when the keys may have leaked:
    /// every session cookie and open form becomes invalid and a new key is made at the next use. Instances that are
    /// running keep their key ring in memory for up to a day, so they are restarted afterwards.
    /// </summary>
    public static async Task<int> RunRevocationAsync(IServiceProvider services, string[] args, TextWriter output)
    {
        var at = Array.IndexOf(args, RevokeOption);
        var reason = at + 1 < args.Length && !args[at + 1].StartsWith("--", StringComparison.Ordinal)
            ? args[at + 1]
            : "Spärrade från kommandoraden";
        var keys = services.GetRequiredService<IKeyManager>();
        var before = keys.GetAllKeys().Count(k => !k.IsRevoked);
        keys.RevokeAllKeys(DateTimeOffset.UtcNow, reason);
        await output.WriteLineAsync(
            $"{before} nycklar är spärrade ({reason}). Starta om alla instanser: alla måste logga in igen och öppna formulär laddas om.");
        return 0;
    }
}
