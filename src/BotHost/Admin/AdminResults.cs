using Attendance.BotHost.Infrastructure;
using Attendance.Data;
using Attendance.Rules.Common;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Attendance.BotHost.Admin;

internal static class AdminResults
{
    /// <summary>201 the first time an id is PUT, 200 afterwards (changed or not): PUT is idempotent.</summary>
    public static Results<Created<T>, Ok<T>> Put<T>(UpsertOutcome outcome, string location, T body) =>
        outcome == UpsertOutcome.Created ? TypedResults.Created(location, body) : TypedResults.Ok(body);

    public static T Valid<T>(T? value, FieldErrors errors)
        where T : class =>
        errors.IsEmpty && value is not null ? value : throw InputException.Invalid(errors);

    public static ProblemHttpResult NotFound(string what) =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: $"{what} was not found.");

    /// <summary>Optional text filters from the query string: bounded, without control characters.</summary>
    public static void Filters(params (string Name, string? Value, int MaxLength)[] filters)
    {
        var errors = new FieldErrors();
        foreach (var (name, value, max) in filters)
        {
            if (value is not null)
            {
                errors.RequireText(value, name, max);
            }
        }

        if (!errors.IsEmpty)
        {
            throw InputException.Invalid(errors);
        }
    }

    /// <summary>Paging parameters, bounded.</summary>
    public static (int Limit, int Offset) Page(int? limit, int? offset, int max = 1000)
    {
        var errors = new FieldErrors();
        errors.Require(limit is null || (limit >= 1 && limit <= max), "limit", $"must be between 1 and {max}");
        errors.Require(offset is null or >= 0, "offset", "must not be negative");
        return errors.IsEmpty ? (limit ?? 100, offset ?? 0) : throw InputException.Invalid(errors);
    }
}
