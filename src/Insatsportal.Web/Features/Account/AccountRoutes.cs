namespace Insatsportal.Web.Features.Account;

/// <summary>The names of the sign-in and account pages' routes, so that views and redirects generate their links and a
/// renamed action breaks the build instead of a link (issue 14).</summary>
public static class AccountRoutes
{
    public const string SignIn = "Account.Login";
    public const string BreakGlass = "Account.BreakGlass";
    public const string SignOut = "Account.Logout";
    public const string ChangePassword = "Account.ChangePassword";
    public const string AccessDenied = "Account.AccessDenied";
    public const string ProviderStart = "ProviderSignIn.Start";
    public const string ProviderDone = "ProviderSignIn.Done";
    public const string ProviderFailed = "ProviderSignIn.Failed";
}
