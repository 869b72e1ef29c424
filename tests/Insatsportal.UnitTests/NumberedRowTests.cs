using Insatsportal.Web.Domain;
using Insatsportal.Web.Features.Initiatives;

namespace Insatsportal.UnitTests;

public sealed class NumberedRowTests
{
    private static InitiativeDetails With(
        ActivityItem[] activities, FollowUpItem[] followUps, EffectItem[] effects, ResourceItem[] resources) =>
        new(1, "k", null, "Titel", [], 1, "Plan", null, null, null, null, null, null, null,
            InitiativeStatus.Ongoing, null, null, null, null, null, false, null, null, null,
            [], [], [], [], activities, followUps, effects, resources, []);

    [Fact]
    public void Rows_follow_the_activity_numbers_with_ranges_after_their_last_part_and_shared_rows_last()
    {
        var details = With(
            [new(1, "Aktivitet 1", null), new(2, "Aktivitet 2", null)],
            [new("1", "Uppföljning 1", null), new("2", "Uppföljning 2", null)],
            [new("1", "Effekt 1", null, null, null, null), new("1–2", "Effekt 1–2", null, null, null, null), new("2", "Effekt 2", null, null, null, null)],
            [new(null, "Resurs för hela", null, null)]);

        var rows = details.Table;

        Assert.Equal(["1", "2", "1–2", ""], rows.Select(r => r.Label));
        Assert.Equal("Aktivitet 1", rows[0].Activities.Single().Text);
        Assert.Equal("Uppföljning 2", rows[1].FollowUps.Single().Method);
        Assert.Equal("Effekt 1–2", rows[2].Effects.Single().Text);
        Assert.Equal("Resurs för hela", rows[3].Resources.Single().Text);
    }

    [Fact]
    public void An_insats_without_rows_has_an_empty_table() =>
        Assert.Empty(With([], [], [], []).Table);
}
