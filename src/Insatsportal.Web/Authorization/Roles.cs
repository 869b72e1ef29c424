namespace Insatsportal.Web.Authorization;

/// <summary>Role names as stored in Identity; they are also what users see.</summary>
public static class Roles
{
    public const string DirectorOfEducation = "Förvaltningschef";
    public const string DepartmentHead = "Avdelningschef";
    public const string Principal = "Rektor";
    public const string Official = "Tjänsteperson";
    public const string Administrator = "Administratör";

    public static readonly string[] All = [DirectorOfEducation, DepartmentHead, Principal, Official, Administrator];
}
