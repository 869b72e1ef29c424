using System.Net;
using System.Security.Claims;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.IdentityModel.Tokens;
using OpenIddict.Abstractions;
using OpenIddict.Server;
using static OpenIddict.Abstractions.OpenIddictConstants;
using static OpenIddict.Server.OpenIddictServerEvents;

namespace Insatsportal.Tests.Shared;

/// <summary>What the provider does wrong on purpose for the next token it issues.</summary>
public enum ProviderFault
{
    None,
    /// <summary>The ID token's audience is another client.</summary>
    WrongAudience,
    /// <summary>The ID token expired ten minutes ago (well past the app's two minutes of clock skew).</summary>
    Expired,
    /// <summary>The ID token's payload is changed after signing (another subject and address): the signature no
    /// longer matches, as when somebody alters a token in transit.</summary>
    TamperedPayload,
    /// <summary>The ID token carries a nonce the app never sent.</summary>
    WrongNonce,
    /// <summary>The ID token names another issuer than the provider's discovery document.</summary>
    WrongIssuer,
}

/// <summary>The person the provider says is signed in; <see cref="Claims"/> adds e.g. Entra's oid.</summary>
public sealed record ProviderPerson(string Subject, string? Email, string Name = "Extern Person", IReadOnlyDictionary<string, string>? Claims = null);

/// <summary>
/// A real OpenID Connect provider (OpenIddict's server, in the test projects only; linked into both) on a free loopback port, speaking the protocol over real HTTP:
/// discovery, JWKS, authorization with PKCE (form_post answer), token endpoint with a client secret, end session.
/// It signs with an ephemeral key and keeps nothing (degraded mode: the client and redirect URIs are checked by the
/// handlers below). Nobody types a password here: the person the test sets with <see cref="SignInAs"/> is treated as
/// signed in at the provider, as with single sign-on. <see cref="Fault"/> makes the next ID token wrong in one way.
/// </summary>
public sealed class TestIdentityProvider : IAsyncDisposable
{
    public const string ClientId = "insatsportal";
    public const string ClientSecret = "testhemlighet-for-klienten";

    private readonly WebApplication _app;
    private readonly Lock _lock = new();
    private readonly List<string> _endSessionHints = [];
    private readonly List<string> _allowedBases = [];

    private TestIdentityProvider(WebApplication app) => _app = app;

    /// <summary>The issuer and authority, e.g. http://127.0.0.1:41234/.</summary>
    public Uri Authority { get; private set; } = null!;

    public ProviderPerson Person { get; private set; } = new("ingen", null);

    public ProviderFault Fault { get; set; }

    /// <summary>How many authorization requests carried a PKCE S256 code challenge.</summary>
    public int PkceAuthorizations { get; private set; }

    public int TokenRequests { get; private set; }

    /// <summary>The subjects of the ID tokens sent as id_token_hint to the end-session endpoint.</summary>
    public IReadOnlyList<string> EndSessionHints
    {
        get
        {
            lock (_lock)
            {
                return [.. _endSessionHints];
            }
        }
    }

    public void SignInAs(ProviderPerson person) => (Person, Fault) = (person, ProviderFault.None);

    /// <summary>Registers an app at this base address (https://localhost/ or http://127.0.0.1:port/): its
    /// /signin-oidc and /signout-callback-oidc are the only redirect URIs accepted.</summary>
    public void AllowClient(Uri baseAddress)
    {
        lock (_lock)
        {
            _allowedBases.Add(baseAddress.ToString().TrimEnd('/'));
        }
    }

    private bool IsAllowed(string? uri, string path)
    {
        lock (_lock)
        {
            return uri is not null && _allowedBases.Any(b => uri == b + path);
        }
    }

    public static async Task<TestIdentityProvider> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel(options => options.Listen(IPAddress.Loopback, 0));
        builder.Logging.ClearProviders();
        TestIdentityProvider? self = null;
        TestIdentityProvider Self() => self!;
        builder.Services.AddOpenIddict().AddServer(options =>
        {
            options.SetAuthorizationEndpointUris("connect/authorize")
                .SetTokenEndpointUris("connect/token")
                .SetEndSessionEndpointUris("connect/endsession");
            options.AllowAuthorizationCodeFlow().RequireProofKeyForCodeExchange();
            options.RegisterScopes(Scopes.OpenId, Scopes.Email, Scopes.Profile);
            options.AddEphemeralSigningKey().AddEphemeralEncryptionKey();
            options.DisableAccessTokenEncryption();
            options.EnableDegradedMode();
            options.DisableTokenStorage();
            options.UseAspNetCore().DisableTransportSecurityRequirement();

            // Degraded mode has no client store: these handlers are the client registration.
            options.AddEventHandler<ValidateAuthorizationRequestContext>(b => b.UseInlineHandler(context =>
            {
                if (context.ClientId != ClientId)
                {
                    context.Reject(Errors.InvalidClient, "Okänd klient.");
                }
                else if (!Self().IsAllowed(context.RedirectUri, "/signin-oidc"))
                {
                    context.Reject(Errors.InvalidRequest, "Okänd redirect_uri.");
                }
                return default;
            }));
            options.AddEventHandler<ValidateTokenRequestContext>(b => b.UseInlineHandler(context =>
            {
                if (context.ClientId != ClientId || context.ClientSecret != ClientSecret)
                {
                    context.Reject(Errors.InvalidClient, "Fel klient eller klienthemlighet.");
                }
                return default;
            }));
            options.AddEventHandler<ValidateEndSessionRequestContext>(b => b.UseInlineHandler(context =>
            {
                if (context.PostLogoutRedirectUri is not null && !Self().IsAllowed(context.PostLogoutRedirectUri, "/signout-callback-oidc"))
                {
                    context.Reject(Errors.InvalidRequest, "Okänd post_logout_redirect_uri.");
                }
                return default;
            }));

            // The person is signed in at the provider: every authorization request is answered at once.
            options.AddEventHandler<HandleAuthorizationRequestContext>(b => b.UseInlineHandler(context =>
            {
                var provider = Self();
                if (context.Request.CodeChallengeMethod == CodeChallengeMethods.Sha256 && !string.IsNullOrEmpty(context.Request.CodeChallenge))
                {
                    provider.PkceAuthorizations++;
                }
                var person = provider.Person;
                var identity = new ClaimsIdentity(TokenValidationParameters.DefaultAuthenticationType, Claims.Name, Claims.Role);
                identity.SetClaim(Claims.Subject, person.Subject).SetClaim(Claims.Name, person.Name);
                if (person.Email is not null)
                {
                    identity.SetClaim(Claims.Email, person.Email);
                }
                foreach (var (type, value) in person.Claims ?? new Dictionary<string, string>())
                {
                    identity.SetClaim(type, value);
                }
                identity.SetScopes(context.Request.GetScopes());
                identity.SetDestinations(_ => [Destinations.IdentityToken, Destinations.AccessToken]);
                context.SignIn(new ClaimsPrincipal(identity));
                return default;
            }));
            options.AddEventHandler<HandleEndSessionRequestContext>(b => b.UseInlineHandler(context =>
            {
                var provider = Self();
                lock (provider._lock)
                {
                    provider._endSessionHints.Add(context.IdentityTokenHintPrincipal?.GetClaim(Claims.Subject) ?? "-");
                }
                context.SignOut();
                return default;
            }));

            // The faults: after OpenIddict has prepared the ID token's claims, before it signs them.
            options.AddEventHandler<ProcessSignInContext>(b => b
                .SetOrder(OpenIddictServerHandlers.PrepareIdentityTokenPrincipal.Descriptor.Order + 1)
                .UseInlineHandler(context =>
                {
                    var provider = Self();
                    if (context.IdentityTokenPrincipal is not { } principal || context.EndpointType != OpenIddictServerEndpointType.Token)
                    {
                        return default;
                    }
                    provider.TokenRequests++;
                    switch (provider.Fault)
                    {
                        case ProviderFault.WrongAudience:
                            principal.SetAudiences("en-annan-klient");
                            break;
                        case ProviderFault.Expired:
                            principal.SetCreationDate(DateTimeOffset.UtcNow.AddMinutes(-30));
                            principal.SetExpirationDate(DateTimeOffset.UtcNow.AddMinutes(-10));
                            break;
                        case ProviderFault.WrongNonce:
                            principal.SetClaim(Claims.Nonce, "en-nonce-som-appen-aldrig-skickade");
                            break;
                    }
                    return default;
                }));
            options.AddEventHandler<GenerateTokenContext>(b => b
                .SetOrder(OpenIddictServerHandlers.Protection.AttachTokenMetadata.Descriptor.Order + 1)
                .UseInlineHandler(context =>
                {
                    if (Self().Fault == ProviderFault.WrongIssuer && context.TokenType == TokenTypeIdentifiers.IdentityToken)
                    {
                        context.SecurityTokenDescriptor.Issuer = "http://en-annan-utfardare.example/";
                    }
                    return default;
                }));
            options.AddEventHandler<ApplyTokenResponseContext>(b => b.UseInlineHandler(context =>
            {
                if (Self().Fault == ProviderFault.TamperedPayload && context.Response.IdToken is { } token)
                {
                    context.Response.IdToken = Tamper(token);
                }
                return default;
            }));
        });
        var app = builder.Build();
        self = new TestIdentityProvider(app);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        self.Authority = new Uri(address.TrimEnd('/') + "/");
        return self;
    }

    /// <summary>Another subject and address in the payload, the original signature kept.</summary>
    private static string Tamper(string token)
    {
        var parts = token.Split('.');
        var payload = JsonNode.Parse(Base64UrlEncoder.Decode(parts[1]))!.AsObject();
        payload["sub"] = "angripare";
        payload["email"] = "angripare@insatsportal.example";
        parts[1] = Base64UrlEncoder.Encode(Encoding.UTF8.GetBytes(payload.ToJsonString()));
        return string.Join('.', parts);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
