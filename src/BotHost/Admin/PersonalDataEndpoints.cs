using Attendance.BotHost.Infrastructure;
using Attendance.BotHost.Punching.Photos;
using Attendance.BotHost.Security;
using Attendance.BotHost.Sessions;
using Attendance.Data.Repositories;
using Attendance.Rules.Common;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Attendance.BotHost.Admin;

/// <summary>
/// PIPL requests for one employee under <c>/api/admin/employees/{userId}/personal-data</c>: GET exports everything
/// stored about them (an audited query), DELETE erases it (punches with their photos, days, 补卡, leave, face data,
/// directory rows). Erasure is irreversible, so the caller repeats the userId in <c>?confirm=</c>.
/// </summary>
public static class PersonalDataEndpoints
{
    public static void MapPersonalDataApi(this ApiGroups groups)
    {
        groups.Admin.MapGet("/employees/{userId}/personal-data", ExportAsync)
            .WithSummary("Export everything stored about a person (PIPL access request; audited).");
        groups.Admin.MapDelete("/employees/{userId}/personal-data", EraseAsync)
            .WithSummary("Erase everything stored about a person (PIPL erasure; confirm repeats the userId).");
    }

    public static async Task<Results<Ok<PersonalDataExport>, ProblemHttpResult>> ExportAsync(string userId, PersonalDataRepository repository,
        HttpContext http, CancellationToken ct)
    {
        RequireUserId(userId);
        var data = await repository.ExportAsync(userId, Caller.From(http).Actor, ct);
        return data.IsEmpty
            ? AdminResults.NotFound($"Personal data of {userId}")
            : TypedResults.Ok(new PersonalDataExport(data.UserId, data.Tables));
    }

    public static async Task<Results<Ok<PersonalDataErased>, ProblemHttpResult>> EraseAsync(string userId, string? confirm,
        PersonalDataRepository repository, IPhotoStore photos, SessionEligibility eligibility, HttpContext http, ILoggerFactory loggers, CancellationToken ct)
    {
        RequireUserId(userId);
        if (!string.Equals(confirm, userId, StringComparison.Ordinal))
        {
            throw InputException.Invalid("confirm", "must repeat the userId: erasing personal data cannot be undone");
        }

        var erased = await repository.EraseAsync(userId, Caller.From(http).Actor, ct);
        eligibility.Forget(userId);
        if (erased.Rows.Values.Sum() == 0)
        {
            return AdminResults.NotFound($"Personal data of {userId}");
        }

        var logger = loggers.CreateLogger("Attendance.PersonalData");
        var failed = 0;
        foreach (var path in erased.PhotoPaths)
        {
            try
            {
                await photos.DeleteAsync(path);
            }
            catch (IOException e)
            {
                failed++;
                logger.LogError(e, "Could not delete an erased employee's photo {Path}", path);
            }
        }

        return TypedResults.Ok(new PersonalDataErased(userId, erased.Rows, erased.PhotoPaths.Count - failed, failed));
    }

    private static void RequireUserId(string userId)
    {
        if (!Identifiers.IsUserId(userId))
        {
            throw InputException.Invalid("userId", Identifiers.UserIdRule);
        }
    }
}

/// <summary>Everything stored about one person: each table's rows.</summary>
public sealed record PersonalDataExport(string UserId, IReadOnlyDictionary<string, IReadOnlyList<IDictionary<string, object?>>> Tables);

/// <summary>What an erasure removed: rows per table, and the photo files deleted or not.</summary>
public sealed record PersonalDataErased(string UserId, IReadOnlyDictionary<string, int> Rows, int PhotosDeleted, int PhotosFailed);
