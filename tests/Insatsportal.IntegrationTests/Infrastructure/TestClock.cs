namespace Insatsportal.IntegrationTests.Infrastructure;

/// <summary>A clock the test sets: time is injected, never waited for.</summary>
public sealed class TestClock(DateTimeOffset now) : TimeProvider
{
    public DateTimeOffset Now { get; set; } = now;

    public override DateTimeOffset GetUtcNow() => Now;

    public void Advance(TimeSpan by) => Now += by;
}
