using Microsoft.AspNetCore.Identity;

namespace Insatsportal.Web.Domain;

/// <summary>A signed-in person. Roles say what they may do; departments and units say where.</summary>
public class AppUser : IdentityUser
{
    public required string DisplayName { get; set; }

    /// <summary>Job title as shown to others ("Rektor", "Avdelningschef Kvalitet").</summary>
    public string? Title { get; set; }

    public int? OrganisationId { get; set; }
    public Organisation? Organisation { get; set; }

    /// <summary>Deactivated users cannot sign in but keep their name in history.</summary>
    public bool IsActive { get; set; } = true;

    public List<UserDepartment> Departments { get; set; } = [];
    public List<UserUnit> Units { get; set; } = [];
}

public class UserDepartment
{
    public required string UserId { get; set; }
    public AppUser User { get; set; } = null!;
    public int DepartmentId { get; set; }
    public Department Department { get; set; } = null!;
}

public class UserUnit
{
    public required string UserId { get; set; }
    public AppUser User { get; set; } = null!;
    public int UnitId { get; set; }
    public Unit Unit { get; set; } = null!;
}
