using Insatsportal.Web.Domain;

namespace Insatsportal.UnitTests;

/// <summary>The report's life as its domain type states it: which steps exist, who takes them, and in which round.</summary>
public sealed class ReportRulesTests
{
    [Theory]
    [InlineData(ReportStatus.NotStarted, ReportStatus.Draft, ReportActor.Writer, true)]
    [InlineData(ReportStatus.Draft, ReportStatus.Submitted, ReportActor.Writer, true)]
    [InlineData(ReportStatus.Returned, ReportStatus.Submitted, ReportActor.Writer, true)]
    [InlineData(ReportStatus.Submitted, ReportStatus.Approved, ReportActor.Reviewer, true)]
    [InlineData(ReportStatus.Submitted, ReportStatus.Returned, ReportActor.Reviewer, true)]
    [InlineData(ReportStatus.Approved, ReportStatus.Draft, ReportActor.DirectorOfEducation, true)]
    // A writer never approves, a reviewer never writes, nobody approves what was not submitted.
    [InlineData(ReportStatus.Submitted, ReportStatus.Approved, ReportActor.Writer, false)]
    [InlineData(ReportStatus.Draft, ReportStatus.Submitted, ReportActor.Reviewer, false)]
    [InlineData(ReportStatus.Draft, ReportStatus.Approved, ReportActor.Reviewer, false)]
    [InlineData(ReportStatus.Returned, ReportStatus.Approved, ReportActor.Reviewer, false)]
    [InlineData(ReportStatus.Approved, ReportStatus.Returned, ReportActor.Reviewer, false)]
    [InlineData(ReportStatus.Approved, ReportStatus.Draft, ReportActor.Writer, false)]
    [InlineData(ReportStatus.Approved, ReportStatus.Draft, ReportActor.Reviewer, false)]
    [InlineData(ReportStatus.Submitted, ReportStatus.Draft, ReportActor.Writer, false)]
    public void Only_these_steps_exist_and_only_for_their_actor(ReportStatus from, ReportStatus to, ReportActor by, bool exists) =>
        Assert.Equal(exists, ReportRules.Exists(from, to, by));

    [Theory]
    [InlineData(ReportStatus.NotStarted, RoundStatus.Open, false, true)]
    [InlineData(ReportStatus.Draft, RoundStatus.Open, false, true)]
    [InlineData(ReportStatus.Returned, RoundStatus.Open, false, true)]
    [InlineData(ReportStatus.Submitted, RoundStatus.Open, false, false)]
    [InlineData(ReportStatus.Approved, RoundStatus.Open, false, false)]
    [InlineData(ReportStatus.Draft, RoundStatus.Closed, false, false)]
    [InlineData(ReportStatus.Draft, RoundStatus.Closed, true, true)]
    public void A_report_is_written_before_it_is_submitted_or_after_a_return_while_its_round_is_open_or_it_was_opened_again(
        ReportStatus status, RoundStatus round, bool reopened, bool editable) =>
        Assert.Equal(editable, ReportRules.IsEditable(status, round, reopened));

    [Theory]
    [InlineData(ReportStatus.Submitted, RoundStatus.Open, false, true)]
    [InlineData(ReportStatus.Submitted, RoundStatus.Closed, false, false)]
    [InlineData(ReportStatus.Submitted, RoundStatus.Closed, true, true)]
    [InlineData(ReportStatus.Draft, RoundStatus.Open, false, false)]
    [InlineData(ReportStatus.Approved, RoundStatus.Open, false, false)]
    public void Only_a_submitted_report_in_a_live_round_is_reviewed(ReportStatus status, RoundStatus round, bool reopened, bool reviewed) =>
        Assert.Equal(reviewed, ReportRules.AwaitsReview(status, round, reopened));

    [Fact]
    public void A_report_of_a_closed_round_is_opened_again_once()
    {
        Assert.True(ReportRules.MayReopen(RoundStatus.Closed, reopened: false));
        Assert.False(ReportRules.MayReopen(RoundStatus.Closed, reopened: true));
        Assert.False(ReportRules.MayReopen(RoundStatus.Open, reopened: false));
    }

    [Fact]
    public void A_save_leaves_a_draft_keeps_a_returned_report_returned_until_it_is_submitted()
    {
        Assert.Equal(ReportStatus.Draft, ReportRules.AfterSave(ReportStatus.NotStarted, submit: false));
        Assert.Equal(ReportStatus.Returned, ReportRules.AfterSave(ReportStatus.Returned, submit: false));
        Assert.Equal(ReportStatus.Submitted, ReportRules.AfterSave(ReportStatus.Returned, submit: true));
        Assert.Equal(ReportStatus.Submitted, ReportRules.AfterSave(ReportStatus.Draft, submit: true));
    }

    [Fact]
    public void Whoever_wrote_or_submitted_a_report_does_not_approve_it()
    {
        Assert.True(ReportRules.IsOwnWork("anna", submittedBy: "anna", authors: []));
        Assert.True(ReportRules.IsOwnWork("anna", submittedBy: "bo", authors: ["bo", "anna"]));
        Assert.False(ReportRules.IsOwnWork("karin", submittedBy: "bo", authors: ["bo", null]));
    }
}
