namespace Insatsportal.Web.Domain;

/// <summary>A förvaltning: the administration that adopts plans. One installation can hold several.</summary>
public class Organisation : IConcurrencyAware, IAudited
{
    public int Id { get; set; }

    /// <summary>Stable natural key (seeds, imports), e.g. "halmstad-buf".</summary>
    public required string Key { get; set; }
    public required string Name { get; set; }
    public required string Municipality { get; set; }

    /// <summary>The nämnd the förvaltning serves, e.g. "Barn- och ungdomsnämnden".</summary>
    public string? BoardName { get; set; }

    /// <summary>The municipality's four-digit code in Kolada ("1380" Halmstad), for the key figures (docs/kolada.md).</summary>
    public string? KoladaMunicipalityId { get; set; }

    public List<Department> Departments { get; set; } = [];
    public List<SchoolArea> SchoolAreas { get; set; } = [];
    public List<Unit> Units { get; set; } = [];
    public List<Partner> Partners { get; set; } = [];

    public Guid ConcurrencyToken { get; set; } = Guid.NewGuid();
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
}

/// <summary>A part of a förvaltning's organisation an administrator keeps: an avdelning, skolområde or enhet.
/// Parts are closed with a date, never deleted, so history and old reports keep naming them.</summary>
public interface IOrganisationPart : IConcurrencyAware
{
    int Id { get; }
    int OrganisationId { get; set; }
    string Key { get; set; }
    string Name { get; set; }
    DateOnly? ClosedOn { get; set; }
}

/// <summary>An avdelning in a förvaltning.</summary>
public class Department : IOrganisationPart, IAudited
{
    public int Id { get; set; }
    public int OrganisationId { get; set; }
    public Organisation Organisation { get; set; } = null!;

    public required string Key { get; set; }
    public required string Name { get; set; }

    /// <summary>Closed departments stay in history; they are never deleted.</summary>
    public DateOnly? ClosedOn { get; set; }

    public Guid ConcurrencyToken { get; set; } = Guid.NewGuid();
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
}

/// <summary>A skolområde: an optional level between a department and its units.</summary>
public class SchoolArea : IOrganisationPart, IAudited
{
    public int Id { get; set; }
    public int OrganisationId { get; set; }
    public Organisation Organisation { get; set; } = null!;
    public int? DepartmentId { get; set; }
    public Department? Department { get; set; }

    public required string Key { get; set; }
    public required string Name { get; set; }
    public DateOnly? ClosedOn { get; set; }

    public Guid ConcurrencyToken { get; set; } = Guid.NewGuid();
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
}

/// <summary>An enhet: a förskola, skola, fritidshem or vuxenutbildning led by a rektor.</summary>
public class Unit : IOrganisationPart, IAudited
{
    public int Id { get; set; }
    public int OrganisationId { get; set; }
    public Organisation Organisation { get; set; } = null!;
    public int? DepartmentId { get; set; }
    public Department? Department { get; set; }
    public int? SchoolAreaId { get; set; }
    public SchoolArea? SchoolArea { get; set; }

    public required string Key { get; set; }
    public required string Name { get; set; }
    public UnitType Type { get; set; }

    /// <summary>Skolenhetskod from Skolverket's register (8 digits), when the unit has one.</summary>
    public string? SchoolUnitCode { get; set; }

    /// <summary>The unit's organisational-unit id in Kolada ("V15E138000301"), for school-level key figures.</summary>
    public string? KoladaOuId { get; set; }
    public DateOnly? ClosedOn { get; set; }

    public Guid ConcurrencyToken { get; set; } = Guid.NewGuid();
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
}

public enum UnitType
{
    Preschool,
    PreschoolClass,
    CompulsorySchool,
    AdaptedCompulsorySchool,
    UpperSecondarySchool,
    AdaptedUpperSecondarySchool,
    AdultEducation,
    LeisureTimeCentre,
    Other,
}

/// <summary>A samverkanspart: another nämnd, förvaltning, company or external body an insats works with.</summary>
public class Partner : IConcurrencyAware, IAudited
{
    public int Id { get; set; }
    public int OrganisationId { get; set; }
    public Organisation Organisation { get; set; } = null!;

    public required string Key { get; set; }
    public required string Name { get; set; }
    public PartnerKind Kind { get; set; }

    public Guid ConcurrencyToken { get; set; } = Guid.NewGuid();
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
}

public enum PartnerKind
{
    Board,
    Administration,
    Company,
    Other,
}
