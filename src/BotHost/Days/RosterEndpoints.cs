using System.Globalization;
using Attendance.BotHost.Admin;
using Attendance.BotHost.Infrastructure;
using Attendance.BotHost.Punching;
using Attendance.BotHost.Security;
using Attendance.Data.Repositories;
using Attendance.Rules.Common;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;

namespace Attendance.BotHost.Days;

/// <summary>For the document: the multipart alternative of an import, one <c>file</c> part (the xlsx).</summary>
public sealed record RosterUpload(IFormFile File);

/// <summary><c>/api/admin/rosters</c>: the roster as a people × dates grid, its Excel sheet, and changing it cell by cell.</summary>
public static class RosterEndpoints
{
    public static void MapRosterApi(this ApiGroups groups)
    {
        var admin = groups.Admin;
        admin.MapGet("/rosters", GridAsync).WithSummary("The roster grid: people × dates (at most 62), each cell the effective shift and whose roster decides it.");
        admin.MapGet("/rosters/{month}.xlsx", ExportAsync).WithSummary("The month's roster as an Excel sheet (工号, 姓名, one column per date; audited).")
            .Produces(StatusCodes.Status200OK, null, RosterSheet.ContentType);
        admin.MapPost("/rosters/import", ImportAsync)
            .WithSummary("Import a month's roster sheet (xlsx body or multipart 'file' part): valid cells become each person's own day roster, refused cells are listed.")
            .WithMetadata(new ApiRequestBody(typeof(RosterUpload), false, [RosterSheet.ContentType, "multipart/form-data"]))
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge).ProducesProblem(StatusCodes.Status415UnsupportedMediaType);
        admin.MapPost("/rosters/cells", SetCellsAsync).WithSummary("Set cells of the grid: each becomes the person's own roster of that date (shiftId null = rest).");
    }

    public static async Task<Ok<RosterGridView>> GridAsync(string? from, string? to, long? departmentId, RosterService rosters, CancellationToken ct)
    {
        var errors = new FieldErrors();
        errors.Require(ScheduleEndpoints.TryParseDate(from, out var start), "from", "must be a date yyyy-MM-dd");
        errors.Require(ScheduleEndpoints.TryParseDate(to, out var end), "to", "must be a date yyyy-MM-dd");
        if (errors.IsEmpty)
        {
            errors.Require(end >= start && end.DayNumber - start.DayNumber < RosterService.MaxDays, "to",
                $"must be on or after from, at most {RosterService.MaxDays} days in all");
        }

        return errors.IsEmpty ? TypedResults.Ok(await rosters.GridAsync(start, end, departmentId, ct)) : throw InputException.Invalid(errors);
    }

    public static async Task<FileContentHttpResult> ExportAsync(string month, RosterService rosters, AuditRepository audit, HttpContext http,
        CancellationToken ct)
    {
        var first = Month(month);
        var bytes = await rosters.ExportAsync(first, ct);
        await audit.AppendAsync(Caller.From(http).Actor, "roster.export", "roster", month, null, ct);
        return TypedResults.File(bytes, RosterSheet.ContentType, $"roster-{month}.xlsx");
    }

    public static async Task<Results<Ok<RosterImportResult>, ProblemHttpResult>> ImportAsync(string? month, bool? dryRun, HttpContext http,
        RosterService rosters, CancellationToken ct)
    {
        var first = Month(month);
        try
        {
            var file = await ReadFileAsync(http.Request, ct);
            return TypedResults.Ok(await rosters.ImportAsync(first, file, dryRun ?? false, Caller.From(http).Actor, ct));
        }
        catch (RosterFileException e)
        {
            return TypedResults.Problem(statusCode: e.Status, title: e.Status switch
                {
                    StatusCodes.Status413PayloadTooLarge => "The file is too large.",
                    StatusCodes.Status415UnsupportedMediaType => "The body must be an xlsx workbook.",
                    _ => "The roster sheet cannot be imported.",
                }, detail: e.Message,
                extensions: new Dictionary<string, object?> { ["errors"] = new Dictionary<string, string[]> { [e.Field] = [e.Message] } });
        }
    }

    public static async Task<Results<Ok<RosterCellsResult>, ProblemHttpResult>> SetCellsAsync(JsonBody<RosterCellsRequest> body, RosterService rosters,
        HttpContext http, CancellationToken ct)
    {
        var errors = new FieldErrors();
        var changes = body.Value.Changes;
        errors.Require(changes is { Count: > 0 and <= 5000 }, "changes", "须列出 1 到 5000 个单元格");
        if (errors.IsEmpty)
        {
            var result = await rosters.SetCellsAsync(changes!, errors, Caller.From(http).Actor, ct);
            if (errors.IsEmpty)
            {
                return TypedResults.Ok(result);
            }
        }

        return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "The request has invalid fields.",
            detail: "排班未保存：请检查标出的单元格",
            extensions: new Dictionary<string, object?>
            {
                ["errors"] = errors.Items.GroupBy(e => e.Field, StringComparer.Ordinal)
                    .ToDictionary(g => g.Key, g => g.Select(e => e.Message).ToArray(), StringComparer.Ordinal),
            });
    }

    private static DateOnly Month(string? month) =>
        month is { Length: 7 } && ScheduleEndpoints.TryParseDate(month + "-01", out var first)
            ? first
            : throw InputException.Invalid("month", "must be a month yyyy-MM between 2000-01 and 2099-12");

    /// <summary>The xlsx: the whole body (Content-Type of xlsx) or the one <c>file</c> part of a multipart body, at most
    /// <see cref="RosterSheet.MaxBytes"/> (413); any other content type is 415.</summary>
    private static async Task<byte[]> ReadFileAsync(HttpRequest request, CancellationToken ct)
    {
        if (request.ContentLength > RosterSheet.MaxBytes)
        {
            throw TooLarge();
        }

        var media = MediaTypeHeaderValue.TryParse(request.ContentType, out var type) ? type.MediaType.Value : null;
        if (string.Equals(media, RosterSheet.ContentType, StringComparison.OrdinalIgnoreCase))
        {
            return await CappedAsync(request.Body, ct);
        }

        if (!string.Equals(media, "multipart/form-data", StringComparison.OrdinalIgnoreCase)
            || HeaderUtilities.RemoveQuotes(type!.Boundary).Value is not { Length: > 0 and <= 200 } boundary)
        {
            throw new RosterFileException(StatusCodes.Status415UnsupportedMediaType, "file",
                $"请上传 Excel xlsx 文件（Content-Type: {RosterSheet.ContentType}，或 multipart/form-data 的 file 部分）");
        }

        var reader = new MultipartReader(boundary, request.Body) { HeadersLengthLimit = PunchBodyReader.MaxPartHeaderBytes };
        byte[]? file = null;
        try
        {
            while (await PunchBodyReader.NextSectionAsync(reader, ct) is { } section)
            {
                var name = ContentDispositionHeaderValue.TryParse(section.ContentDisposition, out var disposition)
                    ? HeaderUtilities.RemoveQuotes(disposition.Name).Value
                    : null;
                if (name != "file" || file is not null)
                {
                    throw new RosterFileException(StatusCodes.Status400BadRequest, "file", "multipart 请求中只能有一个名为 file 的部分");
                }

                file = await CappedAsync(section.Body, ct);
            }
        }
        catch (InputException e)
        {
            throw new RosterFileException(e.Status, "file", "无法读取上传的文件（multipart 格式不正确）");
        }

        return file ?? throw new RosterFileException(StatusCodes.Status400BadRequest, "file", "缺少 file 部分（要导入的 xlsx 文件）");
    }

    private static async Task<byte[]> CappedAsync(Stream body, CancellationToken ct)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await body.ReadAsync(chunk, ct)) > 0)
        {
            if (buffer.Length + read > RosterSheet.MaxBytes)
            {
                throw TooLarge();
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }

    private static RosterFileException TooLarge() =>
        new(StatusCodes.Status413PayloadTooLarge, "file",
            $"文件超过 {(RosterSheet.MaxBytes / 1024 / 1024).ToString(CultureInfo.InvariantCulture)} MB，请按部门拆分后导入");
}
