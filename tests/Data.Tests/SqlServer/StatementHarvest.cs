using System.Collections;
using System.Data.Common;
using System.Reflection;
using Attendance.Data.Dialects;
using Attendance.Data.Outbox;

namespace Attendance.Data.Tests.SqlServer;

/// <summary>
/// Runs every public data-access method of Attendance.Data against a SQL Server <see cref="ConnectionFactory"/> whose
/// connections only record (see <see cref="RecordingConnection"/>), and collects the SQL text each sends. Arguments are
/// made up from the parameter types, several times per method: everything filled, everything empty or null, and each
/// bool, enum and optional value flipped on its own, so that the branches a method builds SQL on are taken. Everything runs four times: with nothing
/// found or every query answering one made-up row (<see cref="RowAnswers"/>), each with writes affecting no row and a
/// null scalar or writes affecting one row and a scalar of 1. A method
/// that stops on those answers (no row found) still leaves what it sent up to there.
/// </summary>
internal sealed class StatementHarvest
{
    /// <summary>
    /// Types whose work is not SQL Server SQL (DbUp's own runner, SQLite-only machinery), and the consent ledger, which
    /// is reached through the face and location consent repositories with its real table names.
    /// </summary>
    private static readonly HashSet<string> Skipped = new(StringComparer.Ordinal)
    {
        typeof(MigrationRunner).FullName!, typeof(ConnectionFactory).FullName!, typeof(Transactions).FullName!, "Attendance.Data.Privacy.ConsentLedger",
    };

    /// <summary>Everything in src/Data/Sqlite runs on SQLite only (the group commit, the punch window, prepared readers, the host lock).</summary>
    private const string SqliteOnlyNamespace = "Attendance.Data.Sqlite";

    /// <summary>Everything in src/Data/Postgres runs on PostgreSQL only (its punch writer and pool settings).</summary>
    private const string PostgresOnlyNamespace = "Attendance.Data.Postgres";

    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 3, 2, 1, 30, 0, TimeSpan.Zero));

    public StatementRecorder Recorder { get; } = new();

    /// <summary>Where a call stopped on an exception (expected: the answers are made up); for reading, not asserted.</summary>
    public List<string> Stops { get; } = [];

    /// <summary>"Type.Method" of every method that was called.</summary>
    public SortedSet<string> Called { get; } = new(StringComparer.Ordinal);

    public static async Task<StatementHarvest> RunAsync()
    {
        var harvest = new StatementHarvest();
        await using var factory = new ConnectionFactory(DatabaseProvider.SqlServer, "Server=recording;Database=attendance",
            () => new RecordingConnection(harvest.Recorder));
        harvest.RecordDialect();
        foreach (var (affects, finds) in new[] { (false, false), (true, false), (true, true), (false, true) })
        {
            harvest.Recorder.Affects = affects;
            harvest.Recorder.Finds = finds;
            foreach (var type in typeof(ConnectionFactory).Assembly.GetTypes().OrderBy(t => t.FullName, StringComparer.Ordinal))
            {
                if (!type.IsClass || type.IsGenericTypeDefinition || type.IsNested || Skipped.Contains(type.FullName!) || type.Namespace is SqliteOnlyNamespace or PostgresOnlyNamespace
                    || typeof(Attribute).IsAssignableFrom(type) || typeof(Exception).IsAssignableFrom(type))
                {
                    continue;
                }

                await harvest.RunTypeAsync(type, factory);
            }
        }

        return harvest;
    }

    /// <summary>The dialect and the claim statement, called directly with the shapes the repositories use.</summary>
    private void RecordDialect()
    {
        var dialect = SqlDialect.For(DatabaseProvider.SqlServer);
        Recorder.Origin = nameof(SqlServerDialect);
        Recorder.Record(dialect.Upsert("t", ["k"], ["k", "a", "created_at", "updated_at"]));
        Recorder.Record(dialect.Upsert("t", ["k1", "k2"], ["k1", "k2", "a"]));
        Recorder.Record(dialect.InsertReturningId("t", ["a", "b"]));
        Recorder.Record("SELECT a FROM t ORDER BY a" + dialect.Page("limit", "offset"));
        Recorder.Record(dialect.InsertIgnoreDuplicate("t", ["a", "b"], ["a"]));
        Recorder.Record(dialect.InsertIgnoreDuplicate("t", ["a", "b", "c"], ["a", "b"]));
        Recorder.Record(dialect.InsertIgnoreDuplicateReturningId("t", ["a", "b"], ["a"]));
        Recorder.Record("SELECT a FROM t WHERE " + dialect.InList("a", "ids").Replace("IN @ids", "IN (@ids1, @ids2)", StringComparison.Ordinal));
        Recorder.Record(dialect.UpsertMany("t", ["k1", "k2"], ["k1", "k2", "a"], 1));
        Recorder.Record("SELECT a FROM " + dialect.FromTableByIndex("t", "ix_t_a") + " WHERE a = @a");
        Recorder.Origin = nameof(OutboxClaimSql);
        Recorder.Record(OutboxClaimSql.For(dialect));
    }

    private async Task RunTypeAsync(Type type, ConnectionFactory factory)
    {
        object? instance = null;
        if (!type.IsAbstract)
        {
            var constructor = type.GetConstructors(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance)
                .Where(c => c.GetParameters().Any(p => p.ParameterType == typeof(ConnectionFactory)))
                .OrderByDescending(c => c.GetParameters().Length)
                .FirstOrDefault();
            if (constructor is not null)
            {
                var arguments = constructor.GetParameters().Select(p => ConstructorArgument(p, factory)).ToArray();
                instance = constructor.Invoke(arguments);
            }
        }

        var methods = type.GetMethods(BindingFlags.Public | BindingFlags.Static | BindingFlags.Instance | BindingFlags.DeclaredOnly)
            .Where(m => !m.IsGenericMethodDefinition && !m.IsSpecialName && IsAwaitable(m.ReturnType) && m.Name != "DisposeAsync")
            .Where(m => m.IsStatic || instance is not null)
            .OrderBy(m => m.ToString(), StringComparer.Ordinal);
        foreach (var method in methods)
        {
            Called.Add($"{type.Name}.{method.Name}");
            Recorder.Origin = $"{type.Name}.{method.Name}";
            foreach (var variant in Variants(method.GetParameters()))
            {
                await InvokeAsync(instance, method, variant);
            }
        }

        (instance as IDisposable)?.Dispose();
    }

    private object? ConstructorArgument(ParameterInfo parameter, ConnectionFactory factory)
    {
        if (parameter.ParameterType == typeof(ConnectionFactory))
        {
            return factory;
        }

        if (parameter.ParameterType == typeof(TimeProvider))
        {
            return _time;
        }

        if (parameter.HasDefaultValue)
        {
            return parameter.DefaultValue;
        }

        return Make(parameter.ParameterType, Fill.Full, 0);
    }

    private static bool IsAwaitable(Type type) =>
        type == typeof(Task) || type == typeof(ValueTask)
        || (type.IsGenericType && (type.GetGenericTypeDefinition() == typeof(Task<>) || type.GetGenericTypeDefinition() == typeof(ValueTask<>)));

    private async Task InvokeAsync(object? instance, MethodInfo method, Func<DbConnection, object?[]> variant)
    {
        await using var connection = new RecordingConnection(Recorder);
        await connection.OpenAsync();
        object?[] arguments;
        try
        {
            arguments = variant(connection);
        }
        catch (Exception e) when (e is TargetInvocationException or ArgumentException or InvalidOperationException or FormatException)
        {
            return;
        }

        Task task;
        try
        {
            var result = method.Invoke(instance, arguments);
            task = result switch
            {
                Task t => t,
                not null => (Task)result.GetType().GetMethod(nameof(ValueTask.AsTask))!.Invoke(result, null)!,
                _ => Task.CompletedTask,
            };
        }
        catch (TargetInvocationException)
        {
            return;
        }

        try
        {
            await task.WaitAsync(TimeSpan.FromSeconds(10));
        }
        catch (TimeoutException)
        {
            throw;
        }
#pragma warning disable CA1031 // the made-up answers make many methods throw after they sent their SQL; the SQL is what counts
        catch (Exception e)
#pragma warning restore CA1031
        {
            Stops.Add($"{Recorder.Origin} (affects={Recorder.Affects}, finds={Recorder.Finds}): {e.GetType().Name}: {e.Message}");
        }
    }

    private enum Fill
    {
        Full,
        Empty,
    }

    private static readonly NullabilityInfoContext Nullability = new();

    /// <summary>
    /// The argument lists to call a method with: all filled; all empty; then, from all filled, one parameter at a
    /// time set to each of its other values (empty, null, false, every enum member).
    /// </summary>
    private IEnumerable<Func<DbConnection, object?[]>> Variants(ParameterInfo[] parameters)
    {
        var choices = parameters.Select(Alternatives).ToArray();
        yield return c => [.. choices.Select(a => a[0](c))];
        yield return c => [.. choices.Select(a => a[Math.Min(1, a.Count - 1)](c))];
        for (var i = 0; i < choices.Length; i++)
        {
            for (var j = 1; j < choices[i].Count; j++)
            {
                var (index, alternative) = (i, j);
                yield return c => [.. choices.Select((a, k) => k == index ? a[alternative](c) : a[0](c))];
            }
        }
    }

    private List<Func<DbConnection, object?>> Alternatives(ParameterInfo parameter)
    {
        var type = parameter.ParameterType;
        if (type == typeof(DbConnection))
        {
            return [c => c];
        }

        if (type == typeof(DbTransaction))
        {
            return [c => c.BeginTransaction()];
        }

        if (type == typeof(CancellationToken))
        {
            return [_ => CancellationToken.None];
        }

        if (type == typeof(SqlDialect))
        {
            return [_ => SqlServerDialect.Instance];
        }

        if (type == typeof(TimeProvider))
        {
            return [_ => _time];
        }

        if (typeof(Delegate).IsAssignableFrom(type))
        {
            return [_ => null];
        }

        var full = Make(type, Fill.Full, 0);
        var empty = Make(type, Fill.Empty, 0);
        List<Func<DbConnection, object?>> alternatives = [_ => full, _ => empty];
        var underlying = Nullable.GetUnderlyingType(type) ?? type;
        if (underlying.IsEnum)
        {
            alternatives.AddRange(Enum.GetValues(underlying).Cast<object>().Select(v => (Func<DbConnection, object?>)(_ => v)));
        }

        if (IsNullable(parameter))
        {
            alternatives.Add(_ => null);
        }

        return alternatives;
    }

    private static bool IsNullable(ParameterInfo parameter) =>
        Nullable.GetUnderlyingType(parameter.ParameterType) is not null
        || (!parameter.ParameterType.IsValueType && Nullability.Create(parameter).WriteState == NullabilityState.Nullable);

    private object? Make(ParameterInfo parameter, Fill fill, int depth) =>
        fill == Fill.Empty && IsNullable(parameter) ? null : Make(parameter.ParameterType, fill, depth);

    private object? Make(Type type, Fill fill, int depth)
    {
        if (Nullable.GetUnderlyingType(type) is { } inner)
        {
            return fill == Fill.Full ? Make(inner, fill, depth) : null;
        }

        var now = _time.GetUtcNow();
        switch (type)
        {
            case var t when t == typeof(string): return "u1";
            case var t when t == typeof(bool): return fill == Fill.Full;
            case var t when t == typeof(int): return 10;
            case var t when t == typeof(long): return 1L;
            case var t when t == typeof(short): return (short)1;
            case var t when t == typeof(byte): return (byte)1;
            case var t when t == typeof(double): return 1.5;
            case var t when t == typeof(float): return 1.5f;
            case var t when t == typeof(decimal): return 1.5m;
            case var t when t == typeof(DateTimeOffset): return now;
            case var t when t == typeof(DateTime): return now.UtcDateTime;
            case var t when t == typeof(DateOnly): return DateOnly.FromDateTime(now.UtcDateTime);
            case var t when t == typeof(TimeOnly): return new TimeOnly(9, 0);
            case var t when t == typeof(TimeSpan): return TimeSpan.FromMinutes(5);
            case var t when t == typeof(Guid): return Guid.Empty;
            case var t when t == typeof(byte[]): return new byte[] { 1, 2, 3 };
            case var t when t == typeof(object): return "x";
            case { IsEnum: true }: return Enum.GetValues(type).GetValue(fill == Fill.Full ? 0 : Enum.GetValues(type).Length - 1);
            default: break;
        }

        if (depth > 5 || typeof(Delegate).IsAssignableFrom(type))
        {
            return null;
        }

        if (Collection(type, fill, depth) is { } collection)
        {
            return collection;
        }

        if (type.IsAbstract || type.IsInterface)
        {
            return null;
        }

        var constructor = type.GetConstructors().OrderByDescending(c => c.GetParameters().Length).FirstOrDefault();
        if (constructor is null)
        {
            return type.IsValueType ? Activator.CreateInstance(type) : null;
        }

        foreach (var attempt in new[] { fill, fill == Fill.Full ? Fill.Empty : Fill.Full })
        {
            try
            {
                return constructor.Invoke([.. constructor.GetParameters().Select(p => Make(p, attempt, depth + 1))]);
            }
            catch (TargetInvocationException)
            {
            }
        }

        return null;
    }

    private object? Collection(Type type, Fill fill, int depth)
    {
        if (type.IsArray)
        {
            var element = type.GetElementType()!;
            var array = Array.CreateInstance(element, fill == Fill.Full ? 2 : 0);
            for (var i = 0; i < array.Length; i++)
            {
                array.SetValue(Distinct(Make(element, Fill.Full, depth + 1), i), i);
            }

            return array;
        }

        if (!type.IsGenericType)
        {
            return null;
        }

        var definition = type.GetGenericTypeDefinition();
        var arguments = type.GetGenericArguments();
        if (arguments.Length == 2 && (definition == typeof(IReadOnlyDictionary<,>) || definition == typeof(IDictionary<,>)
                                      || definition == typeof(Dictionary<,>)))
        {
            var dictionary = (IDictionary)Activator.CreateInstance(typeof(Dictionary<,>).MakeGenericType(arguments))!;
            if (fill == Fill.Full && Make(arguments[0], Fill.Full, depth + 1) is { } key)
            {
                dictionary[key] = Make(arguments[1], Fill.Full, depth + 1);
            }

            return dictionary;
        }

        if (arguments.Length != 1)
        {
            return null;
        }

        var list = (IList)Activator.CreateInstance(typeof(List<>).MakeGenericType(arguments))!;
        if (fill == Fill.Full)
        {
            list.Add(Distinct(Make(arguments[0], Fill.Full, depth + 1), 0));
            list.Add(Distinct(Make(arguments[0], Fill.Full, depth + 1), 1));
        }

        if (definition == typeof(List<>) || type.IsAssignableFrom(list.GetType()))
        {
            return type.IsInterface || definition == typeof(List<>) ? list : null;
        }

        if (definition == typeof(HashSet<>) || definition == typeof(ISet<>) || definition == typeof(IReadOnlySet<>))
        {
            return Activator.CreateInstance(typeof(HashSet<>).MakeGenericType(arguments), list);
        }

        return null;
    }

    /// <summary>The second element of a list differs from the first where that is easy (ids, names).</summary>
    private static object? Distinct(object? value, int index) => (value, index) switch
    {
        (_, 0) => value,
        (long l, _) => l + index,
        (int i, _) => i + index,
        (string s, _) => s + index,
        _ => value,
    };
}
