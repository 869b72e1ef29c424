namespace Insatsportal.Web.Features.Account;

/// <summary>
/// The "Authentication" section: sign-in through the municipality's OpenID Connect provider and whether the app's
/// own passwords are still used (docs/sso.md).
/// </summary>
public sealed class SignInSettings
{
    public const string Section = "Authentication";

    /// <summary>The app's own e-mail and password sign-in, password change and reset. When false only the
    /// <see cref="BreakGlassAdministrators"/> may still use a password.</summary>
    public bool LocalPasswords { get; set; } = true;

    /// <summary>E-mail addresses of the administrators who keep their password when <see cref="LocalPasswords"/> is
    /// false, so that somebody can still get in when the provider is down or misconfigured.</summary>
    public List<string> BreakGlassAdministrators { get; set; } = [];

    public OpenIdConnectSettings OpenIdConnect { get; set; } = new();

    /// <summary>Whether this address may use a password: always when local passwords are on, otherwise only a
    /// break-glass administrator's.</summary>
    public bool MayUsePassword(string? email) =>
        LocalPasswords || (!string.IsNullOrWhiteSpace(email)
            && BreakGlassAdministrators.Any(a => string.Equals(a.Trim(), email.Trim(), StringComparison.OrdinalIgnoreCase)));
}

public sealed class OpenIdConnectSettings
{
    /// <summary>The provider's issuer, e.g. https://login.microsoftonline.com/{tenant}/v2.0; its discovery document
    /// is read from {Authority}/.well-known/openid-configuration.</summary>
    public string? Authority { get; set; }

    public string? ClientId { get; set; }

    public string? ClientSecret { get; set; }

    /// <summary>The provider's name on the sign-in button: "Logga in med {DisplayName}".</summary>
    public string DisplayName { get; set; } = "kommunens inloggning";

    /// <summary>Only for a provider on plain http on this machine (the tests); a real provider is always https.</summary>
    public bool RequireHttpsMetadata { get; set; } = true;

    public bool IsConfigured => !string.IsNullOrWhiteSpace(Authority) && !string.IsNullOrWhiteSpace(ClientId);
}
