namespace Insatsportal.Web.Data.Scale;

/// <summary>
/// How much the scale data generator adds to the demo förvaltning. The counts are what is added; with the demo
/// seed (8 avdelningar, 17 enheter) <see cref="Stockholm"/> gives the shape of the largest Swedish school
/// administrations: 591 units in 12 departments, 3 000 users, 10 plans with 5 000 insatser and five rounds with
/// about 58 000 reports (issue 11, docs/performance.md).
/// </summary>
public sealed record ScaleProfile(
    string Name,
    int Departments,
    int SchoolAreas,
    int Units,
    int Users,
    int Plans,
    int Initiatives,
    int Rounds,
    // Insatser that target every unit of the förvaltning, out of every thousand.
    int TargetAllPerThousand = 14,
    // Goals per plan (the tests vary it to show that no page queries once per goal).
    int Goals = 5)
{
    public static readonly ScaleProfile Stockholm = new("stockholm",
        Departments: 4, SchoolAreas: 40, Units: 574, Users: 3000, Plans: 10, Initiatives: 5000, Rounds: 5);

    public static readonly ScaleProfile Small = Stockholm.Scaled(0.1) with { Name = "small" };

    public static ScaleProfile? Named(string name) => name.ToLowerInvariant() switch
    {
        "stockholm" => Stockholm,
        "small" => Small,
        _ => null,
    };

    /// <summary>The same shape, each count times <paramref name="factor"/> (at least one plan, round and department).</summary>
    public ScaleProfile Scaled(double factor) => this with
    {
        Name = $"{Name}×{factor:0.###}",
        Departments = Math.Max(1, (int)Math.Round(Departments * factor)),
        SchoolAreas = Math.Max(1, (int)Math.Round(SchoolAreas * factor)),
        Units = (int)Math.Round(Units * factor),
        Users = (int)Math.Round(Users * factor),
        Plans = Math.Max(1, (int)Math.Round(Plans * factor)),
        Initiatives = Math.Max(1, (int)Math.Round(Initiatives * factor)),
        Rounds = Math.Max(2, (int)Math.Round(Rounds * factor)),
    };
}

/// <summary>What the generator wrote.</summary>
public sealed record ScaleDataSummary(
    int Departments, int Units, int Users, int Plans, int Initiatives, int Activities, int TargetedUnits,
    int Rounds, int Reports, int ReportActivities, int ReportEffects, int Transitions, int HistoryRows, TimeSpan Elapsed)
{
    public override string ToString() =>
        $"{Departments} avdelningar och {Units} enheter tillagda, {Users} användare, {Plans} planer med {Initiatives} insatser " +
        $"({Activities} aktiviteter, {TargetedUnits} berörda enheter), {Rounds} omgångar med {Reports} rapporter " +
        $"({ReportActivities} aktivitetsbedömningar, {ReportEffects} effektbedömningar, {Transitions} övergångar), " +
        $"{HistoryRows} historikrader, på {Elapsed.TotalSeconds:0.0} s";
}
