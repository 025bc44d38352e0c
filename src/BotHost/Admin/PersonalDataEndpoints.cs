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
        groups.Admin.MapGet("/employees/{userId}/personal-data.zip", ExportZipAsync)
            .WithSummary("Export everything stored about a person with their punch photos, as a zip (PIPL access request; audited).")
            .Produces(StatusCodes.Status200OK, null, "application/zip");
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

    /// <summary>
    /// The export with the person's punch photos: <c>personal-data.json</c> (the JSON export plus a photo manifest) and
    /// <c>photos/punch-{id}.jpg|png</c>, decrypted from the photo store, whichever host stored them. Streamed, so a year of
    /// photos is not held in memory; a photo the store has lost is named in the manifest as missing.
    /// </summary>
    public static async Task<Results<PushStreamHttpResult, ProblemHttpResult>> ExportZipAsync(string userId, PersonalDataRepository repository,
        IPhotoStore photos, HttpContext http, CancellationToken ct)
    {
        RequireUserId(userId);
        var data = await repository.ExportAsync(userId, Caller.From(http).Actor, ct);
        if (data.IsEmpty)
        {
            return AdminResults.NotFound($"Personal data of {userId}");
        }

        var withPhotos = (data.Tables.TryGetValue("punches", out var punches) ? punches : [])
            .Where(r => r.TryGetValue("photo_path", out var path) && path is string { Length: > 0 })
            .Select(r => (Id: Convert.ToInt64(r["id"], System.Globalization.CultureInfo.InvariantCulture), Path: (string)r["photo_path"]!))
            .ToList();
        return TypedResults.Stream(async body =>
        {
            // ZipArchive still writes some headers synchronously when an entry closes on a stream it cannot seek. Allowed
            // for this rare admin request rather than spooling decrypted photos to a temporary file on disk.
            http.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpBodyControlFeature>()!.AllowSynchronousIO = true;
            await using var zip = new System.IO.Compression.ZipArchive(body, System.IO.Compression.ZipArchiveMode.Create, leaveOpen: true);
            var manifest = new List<PersonalDataPhoto>();
            foreach (var (id, path) in withPhotos)
            {
                var image = await photos.ReadAsync(path, ct);
                if (image is null)
                {
                    manifest.Add(new PersonalDataPhoto(id, null, "missing"));
                    continue;
                }

                var name = $"photos/punch-{id}.{(image.AsSpan().StartsWith((ReadOnlySpan<byte>)[0x89, 0x50, 0x4E, 0x47]) ? "png" : "jpg")}";
                // Photos are compressed already; storing them spares the CPU.
                await using (var entry = await zip.CreateEntry(name, System.IO.Compression.CompressionLevel.NoCompression).OpenAsync(ct))
                {
                    await entry.WriteAsync(image, ct);
                }

                manifest.Add(new PersonalDataPhoto(id, name, "included"));
            }

            await using var json = await zip.CreateEntry("personal-data.json").OpenAsync(ct);
            await System.Text.Json.JsonSerializer.SerializeAsync(json, new PersonalDataArchive(data.UserId, data.Tables, manifest),
                http.RequestServices.GetRequiredService<Microsoft.Extensions.Options.IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions>>().Value.SerializerOptions,
                ct);
        }, "application/zip", $"personal-data-{userId}.zip");
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

/// <summary>A punch photo in the zip export: its file, or none when the store no longer has it.</summary>
public sealed record PersonalDataPhoto(long PunchId, string? File, string Status);

/// <summary><c>personal-data.json</c> of the zip export: the JSON export and the photo manifest.</summary>
public sealed record PersonalDataArchive(string UserId, IReadOnlyDictionary<string, IReadOnlyList<IDictionary<string, object?>>> Tables,
    IReadOnlyList<PersonalDataPhoto> Photos);

/// <summary>What an erasure removed: rows per table, and the photo files deleted or not.</summary>
public sealed record PersonalDataErased(string UserId, IReadOnlyDictionary<string, int> Rows, int PhotosDeleted, int PhotosFailed);
