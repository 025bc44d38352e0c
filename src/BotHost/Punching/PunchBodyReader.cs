using System.Text.Json;
using Attendance.BotHost.Infrastructure;
using Attendance.BotHost.Punching.Photos;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace Attendance.BotHost.Punching;

/// <summary>A punch body read off the wire: the JSON, and the photo with its metadata already stripped.</summary>
public sealed record PunchBody(PunchRequest Request, byte[]? Photo);

/// <summary>
/// Reads <c>application/json</c>, or <c>multipart/form-data</c> with a <c>punch</c> part (the JSON) and an optional
/// <c>photo</c> part, streaming with caps: 64 KB of JSON (413), the configured photo size (413), images recognised by
/// their bytes only (415).
/// </summary>
public static class PunchBodyReader
{
    public const int MaxJsonBytes = 64 * 1024;

    public static async Task<PunchBody> ReadAsync(HttpRequest request, int maxPhotoBytes, CancellationToken cancellationToken)
    {
        var options = request.HttpContext.RequestServices.GetRequiredService<IOptions<JsonOptions>>().Value.SerializerOptions;
        if (request.HasJsonContentType())
        {
            return new PunchBody(await ParseAsync(await ReadCappedAsync(request.Body, MaxJsonBytes, "punch", cancellationToken), options, cancellationToken), null);
        }

        if (!MediaTypeHeaderValue.TryParse(request.ContentType, out var type) || !type.MediaType.Equals("multipart/form-data", StringComparison.OrdinalIgnoreCase)
            || HeaderUtilities.RemoveQuotes(type.Boundary).Value is not { Length: > 0 and <= 200 } boundary)
        {
            throw new InputException(StatusCodes.Status415UnsupportedMediaType,
                "The body must be JSON, or multipart/form-data with a 'punch' part and an optional 'photo' part.", []);
        }

        var reader = new MultipartReader(boundary, request.Body) { HeadersLengthLimit = 8 * 1024 };
        PunchRequest? punch = null;
        byte[]? photo = null;
        while (await reader.ReadNextSectionAsync(cancellationToken) is { } section)
        {
            var name = ContentDispositionHeaderValue.TryParse(section.ContentDisposition, out var disposition)
                ? HeaderUtilities.RemoveQuotes(disposition.Name).Value
                : null;
            switch (name)
            {
                case "punch" when punch is null:
                    punch = await ParseAsync(await ReadCappedAsync(section.Body, MaxJsonBytes, "punch", cancellationToken), options, cancellationToken);
                    break;
                case "photo" when photo is null:
                    photo = await ReadCappedAsync(section.Body, maxPhotoBytes, "photo", cancellationToken);
                    break;
                default:
                    throw InputException.Invalid(name ?? "$", "unexpected part: send one 'punch' part and at most one 'photo' part");
            }
        }

        if (punch is null)
        {
            throw InputException.Invalid("punch", "the 'punch' part (the punch JSON) is required");
        }

        return new PunchBody(punch, photo is null ? null : Sanitize(photo));
    }

    private static byte[] Sanitize(byte[] photo)
    {
        if (PhotoSanitizer.Detect(photo) is null)
        {
            throw new InputException(StatusCodes.Status415UnsupportedMediaType, "The photo must be a JPEG or PNG image.",
                [new("photo", "not a JPEG or PNG image")]);
        }

        return PhotoSanitizer.Strip(photo) ?? throw new InputException(StatusCodes.Status415UnsupportedMediaType,
            "The photo is not a well-formed JPEG or PNG image.", [new("photo", "truncated or malformed image")]);
    }

    private static async Task<PunchRequest> ParseAsync(byte[] json, JsonSerializerOptions options, CancellationToken cancellationToken)
    {
        try
        {
            using var stream = new MemoryStream(json, writable: false);
            return await JsonSerializer.DeserializeAsync<PunchRequest>(stream, options, cancellationToken)
                   ?? throw InputException.Invalid("$", "a JSON object is required");
        }
        catch (JsonException e)
        {
            var field = string.IsNullOrEmpty(e.Path) || e.Path == "$" ? "$" : e.Path.TrimStart('$', '.');
            throw InputException.Invalid(field, "malformed JSON or a value of the wrong type");
        }
    }

    private static async Task<byte[]> ReadCappedAsync(Stream body, int max, string field, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > max)
            {
                throw new InputException(StatusCodes.Status413PayloadTooLarge,
                    $"The {field} is larger than {max / 1024} KB.", [new(field, $"at most {max} bytes")]);
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }
}
