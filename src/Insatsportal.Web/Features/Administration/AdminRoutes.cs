namespace Insatsportal.Web.Features.Administration;

/// <summary>The names of the administration pages' routes, so that views and redirects generate their links and a
/// renamed action breaks the build instead of a link (issue 14).</summary>
public static class AdminRoutes
{
    public const string Home = "Users.Home";
    public const string Users = "Users.Index";
    public const string NewUser = "Users.Create";
    public const string User = "Users.Details";
    public const string RemoveProviderLink = "Users.RemoveProviderLink";
    public const string EditUser = "Users.Edit";
    public const string Deactivate = "Users.Deactivate";
    public const string Reactivate = "Users.Reactivate";
    public const string ResetPassword = "Users.ResetPassword";
    public const string Handover = "Users.Handover";

    public const string Organisation = "Organisation.Index";
    public const string Import = "Organisation.Import";
    public const string ConfirmImport = "Organisation.ConfirmImport";

    public const string NewDepartment = "Organisation.NewDepartment";
    public const string EditDepartment = "Organisation.EditDepartment";
    public const string CloseDepartment = "Organisation.CloseDepartment";
    public const string ReopenDepartment = "Organisation.ReopenDepartment";
    public const string DepartmentHistory = "Organisation.DepartmentHistory";

    public const string NewSchoolArea = "Organisation.NewSchoolArea";
    public const string EditSchoolArea = "Organisation.EditSchoolArea";
    public const string CloseSchoolArea = "Organisation.CloseSchoolArea";
    public const string ReopenSchoolArea = "Organisation.ReopenSchoolArea";
    public const string SchoolAreaHistory = "Organisation.SchoolAreaHistory";

    public const string NewUnit = "Organisation.NewUnit";
    public const string EditUnit = "Organisation.EditUnit";
    public const string CloseUnit = "Organisation.CloseUnit";
    public const string ReopenUnit = "Organisation.ReopenUnit";
    public const string UnitHistory = "Organisation.UnitHistory";

    // The three kinds of organisation part share their pages; these pick the kind's route.
    public static string NewPart(PartKind kind) => Of(kind, NewDepartment, NewSchoolArea, NewUnit);
    public static string EditPart(PartKind kind) => Of(kind, EditDepartment, EditSchoolArea, EditUnit);
    public static string ClosePart(PartKind kind) => Of(kind, CloseDepartment, CloseSchoolArea, CloseUnit);
    public static string ReopenPart(PartKind kind) => Of(kind, ReopenDepartment, ReopenSchoolArea, ReopenUnit);
    public static string PartHistory(PartKind kind) => Of(kind, DepartmentHistory, SchoolAreaHistory, UnitHistory);

    private static string Of(PartKind kind, string department, string schoolArea, string unit) => kind switch
    {
        PartKind.Department => department,
        PartKind.SchoolArea => schoolArea,
        _ => unit,
    };
}
