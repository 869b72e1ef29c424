using Insatsportal.IntegrationTests.Infrastructure;
using Xunit.Abstractions;

namespace Insatsportal.IntegrationTests;

// The integration test classes that run a second time over a real PostgreSQL server (docs/database-engines.md):
// every feature's writes (plans, goals, groups, insatser, carry-over, Excel import, follow-up rounds and reports,
// nämndunderlag, reminders, users, organisation, handover, sign-in and password change), the stale-edit
// (concurrency) tests among them, the authorization matrix and read access, and bad and hostile input. Each class
// inherits every test of its SQLite class and gets a fresh database of its own on the server
// (PostgreSqlTestDatabase), so the classes run in parallel as the SQLite ones do. Without a reachable server these
// tests fail with advice; they are never skipped.
//
// Each inherits the SQLite class's fixture as well; that factory is never started (its database is made on first
// use), so it costs nothing.

public sealed class PostgreSqlPlanEditingTests(PostgreSqlAppFactory app) : PlanEditingTests(app), IClassFixture<PostgreSqlAppFactory>;

public sealed class PostgreSqlGoalEditingTests(PostgreSqlAppFactory app) : GoalEditingTests(app), IClassFixture<PostgreSqlAppFactory>;

public sealed class PostgreSqlGroupEditingTests(PostgreSqlAppFactory app) : GroupEditingTests(app), IClassFixture<PostgreSqlAppFactory>;

public sealed class PostgreSqlInitiativeEditingTests(PostgreSqlAppFactory app) : InitiativeEditingTests(app), IClassFixture<PostgreSqlAppFactory>;

public sealed class PostgreSqlCarryOverTests(PostgreSqlAppFactory app) : CarryOverTests(app), IClassFixture<PostgreSqlAppFactory>;

public sealed class PostgreSqlHandoverTests(PostgreSqlAppFactory app) : HandoverTests(app), IClassFixture<PostgreSqlAppFactory>;

public sealed class PostgreSqlOrganisationAdministrationTests(PostgreSqlAppFactory app)
    : OrganisationAdministrationTests(app), IClassFixture<PostgreSqlAppFactory>;

public sealed class PostgreSqlBadInputTests(PostgreSqlAppFactory app) : BadInputTests(app), IClassFixture<PostgreSqlAppFactory>;

public sealed class PostgreSqlPlanTransferTests(PostgreSqlPlanTransferTests.PostgreSqlFactory app)
    : PlanTransferTests(app), IClassFixture<PostgreSqlPlanTransferTests.PostgreSqlFactory>
{
    public sealed class PostgreSqlFactory : Factory
    {
        public override TestEngine Engine => TestEngine.PostgreSql;
    }
}

public sealed class PostgreSqlFollowUpTests(PostgreSqlFollowUpTests.PostgreSqlFactory app)
    : FollowUpTests(app), IClassFixture<PostgreSqlFollowUpTests.PostgreSqlFactory>
{
    public sealed class PostgreSqlFactory : Factory
    {
        public override TestEngine Engine => TestEngine.PostgreSql;
    }
}

public sealed class PostgreSqlBoardReportTests(PostgreSqlBoardReportTests.PostgreSqlFactory app, ITestOutputHelper output)
    : BoardReportTests(app, output), IClassFixture<PostgreSqlBoardReportTests.PostgreSqlFactory>
{
    public sealed class PostgreSqlFactory : Factory
    {
        public override TestEngine Engine => TestEngine.PostgreSql;
    }
}

public sealed class PostgreSqlReminderTests(PostgreSqlReminderTests.PostgreSqlFactory app)
    : ReminderTests(app), IClassFixture<PostgreSqlReminderTests.PostgreSqlFactory>
{
    public sealed class PostgreSqlFactory : PickupReminderFactory
    {
        public override TestEngine Engine => TestEngine.PostgreSql;
    }
}

public sealed class PostgreSqlUserAdministrationTests(PostgreSqlUserAdministrationTests.PostgreSqlFactory app)
    : UserAdministrationTests(app), IClassFixture<PostgreSqlUserAdministrationTests.PostgreSqlFactory>
{
    public sealed class PostgreSqlFactory : Factory
    {
        public override TestEngine Engine => TestEngine.PostgreSql;
    }
}

public sealed class PostgreSqlAuthorizationMatrixTests(PostgreSqlAuthorizationMatrixTests.PostgreSqlFactory app)
    : AuthorizationMatrixTests(app), IClassFixture<PostgreSqlAuthorizationMatrixTests.PostgreSqlFactory>
{
    public sealed class PostgreSqlFactory : Factory
    {
        public override TestEngine Engine => TestEngine.PostgreSql;
    }
}

public sealed class PostgreSqlReadAccessTests(PostgreSqlReadAccessTests.PostgreSqlFactory app)
    : ReadAccessTests(app), IClassFixture<PostgreSqlReadAccessTests.PostgreSqlFactory>
{
    public sealed class PostgreSqlFactory : Factory
    {
        public override TestEngine Engine => TestEngine.PostgreSql;
    }
}

public sealed class PostgreSqlSessionTests(PostgreSqlSessionTests.PostgreSqlFactory app)
    : SessionTests(app), IClassFixture<PostgreSqlSessionTests.PostgreSqlFactory>
{
    public sealed class PostgreSqlFactory : Factory
    {
        public override TestEngine Engine => TestEngine.PostgreSql;
    }
}

public sealed class PostgreSqlHostileInputTests(PostgreSqlHostileInputTests.PostgreSqlFactory app)
    : HostileInputTests(app), IClassFixture<PostgreSqlHostileInputTests.PostgreSqlFactory>
{
    public sealed class PostgreSqlFactory : Factory
    {
        public override TestEngine Engine => TestEngine.PostgreSql;
    }
}
