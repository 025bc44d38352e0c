using Attendance.Testing.Databases;

namespace Attendance.Data.Tests;

/// <summary>
/// A contract class runs once per database: each test gets a fresh migrated database of the provider; an absent
/// server skips with the reason (and fails under CI for PostgreSQL).
/// </summary>
public abstract class DatabaseTest(DatabaseProvider provider) : IAsyncLifetime
{
    private TestDatabase? _db;

    protected FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 3, 2, 1, 30, 0, TimeSpan.Zero));

    protected TestDatabase Db => _db ?? throw new InvalidOperationException("database not created");

    public async ValueTask InitializeAsync()
    {
        if (TestDatabase.UnavailableReason(provider) is null)
        {
            _db = await TestDatabase.CreateAsync(provider);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_db is not null)
        {
            await _db.DisposeAsync();
        }

        GC.SuppressFinalize(this);
    }

    protected void Require() => TestDatabase.RequireOrSkip(provider);
}
