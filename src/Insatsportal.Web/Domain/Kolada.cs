namespace Insatsportal.Web.Domain;

/// <summary>A key figure (nyckeltal) in the local copy of Kolada's catalogue, searched by title when linking.</summary>
public class KoladaKpi
{
    /// <summary>Kolada's own id, e.g. "N15419".</summary>
    public required string Id { get; set; }
    public required string Title { get; set; }
    public string? Description { get; set; }

    /// <summary>Whether Kolada divides the figure by gender (values for K and M besides T).</summary>
    public bool IsDivided { get; set; }

    /// <summary>Whether Kolada has the figure for organisational units (schools).</summary>
    public bool HasOuData { get; set; }
    public DateTime UpdatedAt { get; set; }
}

/// <summary>A goal, or an insats's expected effect, followed by a Kolada key figure. Removed links are kept with
/// the time and person (nothing user-entered is deleted).</summary>
public class KoladaLink
{
    public int Id { get; set; }
    public int OrganisationId { get; set; }
    public Organisation Organisation { get; set; } = null!;
    public int? GoalId { get; set; }
    public Goal? Goal { get; set; }
    public int? ExpectedEffectId { get; set; }
    public ExpectedEffect? ExpectedEffect { get; set; }
    public required string KpiId { get; set; }
    public KoladaKpi Kpi { get; set; } = null!;

    /// <summary>The figure for the förvaltning's municipality (with the average of all municipalities beside it).</summary>
    public bool ForMunicipality { get; set; }

    /// <summary>The figure for each school (unit) that has a Kolada id.</summary>
    public bool ForUnits { get; set; }

    public string? CreatedByUserId { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime? RemovedAt { get; set; }
    public string? RemovedByUserId { get; set; }
}

/// <summary>Kolada's two kinds of area: a municipality ("1380", "0000" for all municipalities) or a unit.</summary>
public enum KoladaAreaKind
{
    Municipality,
    Unit,
}

/// <summary>One value of a key figure for an area, a year and a gender (T total, K women, M men) as last fetched.</summary>
public class KoladaValue
{
    public long Id { get; set; }
    public required string KpiId { get; set; }
    public KoladaAreaKind AreaKind { get; set; }

    /// <summary>The municipality id or the unit's ou id, as Kolada writes it.</summary>
    public required string AreaId { get; set; }
    public int Year { get; set; }
    public required string Gender { get; set; }

    /// <summary>Null where Kolada has no value (it sends null, often with a status such as "Missing").</summary>
    public decimal? Value { get; set; }
    public string? Status { get; set; }
    public DateTime FetchedAt { get; set; }
}

/// <summary>The state of a förvaltning's fetching: when it last succeeded, when and why it last failed, and the
/// claim that lets only one instance run the daily fetch.</summary>
public class KoladaFetchState
{
    public int OrganisationId { get; set; }
    public Organisation Organisation { get; set; } = null!;
    public DateTime? LastSuccessAt { get; set; }

    /// <summary>"Hämtat från Kolada" or "Uppladdad fil": where the values last came from.</summary>
    public string? LastSource { get; set; }
    public DateTime? LastFailureAt { get; set; }
    public string? LastFailure { get; set; }

    /// <summary>When the daily job last claimed the fetch; a claim is one UPDATE, so two instances cannot both take it.</summary>
    public DateTime? ClaimedAt { get; set; }
}
