using System.Text.Json;
using Attendance.BotHost.Infrastructure;
using Attendance.BotHost.Punching.Photos;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace Attendance.BotHost.Punching;

/// <summary>
/// A punch body read off the wire: the JSON, the photo already re-encoded (pixels only, see <see cref="PhotoSanitizer"/>),
/// and the photo as uploaded, which the payload hash covers: a resent body hashes the same whatever the encoder does.
/// </summary>
public sealed record PunchBody(PunchRequest Request, byte[]? Photo, byte[]? UploadedPhoto = null);

/// <summary>
/// Reads <c>application/json</c>, or <c>multipart/form-data</c> with a <c>punch</c> part (the JSON) and an optional
/// <c>photo</c> part, streaming with caps: 64 KB of JSON (413), the configured photo size and pixels (413), JPEG or PNG
/// recognised by their bytes and decoding completely (415). A multipart body that cannot be read (no closing
/// boundary, a part header over 8 KB) is 400.
/// </summary>
public static class PunchBodyReader
{
    public const int MaxJsonBytes = 64 * 1024;

    /// <summary>The multipart part that holds the punch JSON.</summary>
    public const string JsonPart = "punch";

    /// <summary>The multipart part that holds the photo.</summary>
    public const string PhotoPart = "photo";

    public const int MaxPartHeaderBytes = 8 * 1024;

    public static async Task<PunchBody> ReadAsync(HttpRequest request, int maxPhotoBytes, long maxPhotoPixels, CancellationToken cancellationToken)
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

        var reader = new MultipartReader(boundary, request.Body) { HeadersLengthLimit = MaxPartHeaderBytes };
        PunchRequest? punch = null;
        byte[]? photo = null;
        while (await NextSectionAsync(reader, cancellationToken) is { } section)
        {
            var name = ContentDispositionHeaderValue.TryParse(section.ContentDisposition, out var disposition)
                ? HeaderUtilities.RemoveQuotes(disposition.Name).Value
                : null;
            switch (name)
            {
                case JsonPart when punch is null:
                    punch = await ParseAsync(await ReadPartAsync(section.Body, MaxJsonBytes, "punch", cancellationToken), options, cancellationToken);
                    break;
                case PhotoPart when photo is null:
                    photo = await ReadPartAsync(section.Body, maxPhotoBytes, "photo", cancellationToken);
                    break;
                default:
                    throw InputException.Invalid(name ?? "$", "unexpected part: send one 'punch' part and at most one 'photo' part");
            }
        }

        if (punch is null)
        {
            throw InputException.Invalid("punch", "the 'punch' part (the punch JSON) is required");
        }

        return new PunchBody(punch, photo is null ? null : await AcceptPhotoAsync(photo, maxPhotoPixels, cancellationToken), photo);
    }

    /// <summary>The photo re-encoded as JPEG (pixels only), or the refusal: 415 not JPEG/PNG or not decodable, 413 too many pixels.</summary>
    public static async Task<byte[]> AcceptPhotoAsync(byte[] photo, long maxPixels, CancellationToken cancellationToken)
    {
        var check = await PhotoSanitizer.NormalizeAsync(photo, maxPixels, cancellationToken);
        return check.Refusal switch
        {
            PhotoRefusal.None => check.Jpeg!,
            PhotoRefusal.NotAnImage => throw new InputException(StatusCodes.Status415UnsupportedMediaType, "The photo must be a JPEG or PNG image.",
                [new("photo", "not a JPEG or PNG image")]),
            PhotoRefusal.TooManyPixels => throw new InputException(StatusCodes.Status413PayloadTooLarge,
                $"The photo has more than {maxPixels} pixels.", [new("photo", $"{check.Pixels} pixels declared; at most {maxPixels} pixels")]),
            _ => throw new InputException(StatusCodes.Status415UnsupportedMediaType,
                "The photo is not a well-formed JPEG or PNG image.", [new("photo", "truncated, malformed or not decodable")]),
        };
    }

    /// <summary>The next part, or 400 when the multipart framing is broken (no closing boundary, a part header over 8 KB).</summary>
    public static async Task<MultipartSection?> NextSectionAsync(MultipartReader reader, CancellationToken cancellationToken)
    {
        try
        {
            return await reader.ReadNextSectionAsync(cancellationToken);
        }
        catch (Exception e) when (IsMalformedMultipart(e))
        {
            throw Malformed();
        }
    }

    /// <summary>A part's bytes, capped; 400 when the body ends before the part's closing boundary.</summary>
    public static async Task<byte[]> ReadPartAsync(Stream body, int max, string field, CancellationToken cancellationToken)
    {
        try
        {
            return await ReadCappedAsync(body, max, field, cancellationToken);
        }
        catch (Exception e) when (IsMalformedMultipart(e))
        {
            throw Malformed();
        }
    }

    // MultipartReader throws IOException for a body that ends before its boundary and InvalidDataException for header
    // limits; Kestrel's own BadHttpRequestException (an IOException too: body too large, client gone) keeps its status.
    private static bool IsMalformedMultipart(Exception e) => e is InvalidDataException or IOException and not BadHttpRequestException;

    private static InputException Malformed() => new(StatusCodes.Status400BadRequest,
        "The multipart body is malformed: every part needs headers of at most 8 KB and the body a closing boundary.",
        [new("$", "malformed multipart/form-data")]);

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
