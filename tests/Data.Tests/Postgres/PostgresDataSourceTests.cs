using Attendance.Data.Postgres;
using Npgsql;

namespace Attendance.Data.Tests.Postgres;

/// <summary>The repositories' PostgreSQL pool prepares statements and skips the session reset, unless the operator says otherwise.</summary>
public sealed class PostgresDataSourceTests
{
    [Fact]
    public void A_connection_string_silent_on_both_gets_auto_prepare_and_no_reset()
    {
        var settings = new NpgsqlConnectionStringBuilder(PostgresDataSource.WithDefaults("Host=db;Database=attendance;Maximum Pool Size=50"));

        settings.MaxAutoPrepare.Should().Be(PostgresDataSource.MaxAutoPrepare);
        settings.NoResetOnClose.Should().BeTrue();
        settings.MaxPoolSize.Should().Be(50, "what the operator set stays");
        settings.Host.Should().Be("db");
    }

    [Theory]
    [InlineData("Host=db;Max Auto Prepare=0;No Reset On Close=false")]
    [InlineData("Host=db;max auto prepare=0;NO RESET ON CLOSE=False")]
    [InlineData("Host=db;MaxAutoPrepare=0;NoResetOnClose=false")]
    public void What_the_operator_sets_is_kept(string connectionString)
    {
        var settings = new NpgsqlConnectionStringBuilder(PostgresDataSource.WithDefaults(connectionString));

        settings.MaxAutoPrepare.Should().Be(0);
        settings.NoResetOnClose.Should().BeFalse();
    }
}
