using Attendance.BotHost.Infrastructure;
using Attendance.BotHost.Punching.Photos;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;

namespace Attendance.BotHost.Face;

/// <summary>The enrolment photo: one <c>photo</c> part of a multipart body, capped like punch photos, JPEG or PNG by its bytes.</summary>
public static class FacePhotoReader
{
    public static async Task<byte[]> ReadAsync(HttpRequest request, int maxBytes, CancellationToken cancellationToken)
    {
        if (!MediaTypeHeaderValue.TryParse(request.ContentType, out var type) || !type.MediaType.Equals("multipart/form-data", StringComparison.OrdinalIgnoreCase)
            || HeaderUtilities.RemoveQuotes(type.Boundary).Value is not { Length: > 0 and <= 200 } boundary)
        {
            throw new InputException(StatusCodes.Status415UnsupportedMediaType, "The body must be multipart/form-data with one 'photo' part.", []);
        }

        var reader = new MultipartReader(boundary, request.Body) { HeadersLengthLimit = 8 * 1024 };
        byte[]? photo = null;
        while (await reader.ReadNextSectionAsync(cancellationToken) is { } section)
        {
            var name = ContentDispositionHeaderValue.TryParse(section.ContentDisposition, out var disposition)
                ? HeaderUtilities.RemoveQuotes(disposition.Name).Value
                : null;
            if (name != "photo" || photo is not null)
            {
                throw InputException.Invalid(name ?? "$", "unexpected part: send exactly one 'photo' part");
            }

            photo = await ReadCappedAsync(section.Body, maxBytes, cancellationToken);
        }

        if (photo is null)
        {
            throw InputException.Invalid("photo", "the 'photo' part is required");
        }

        if (PhotoSanitizer.Detect(photo) is null)
        {
            throw new InputException(StatusCodes.Status415UnsupportedMediaType, "The photo must be a JPEG or PNG image.",
                [new("photo", "not a JPEG or PNG image")]);
        }

        return PhotoSanitizer.Strip(photo) ?? throw new InputException(StatusCodes.Status415UnsupportedMediaType,
            "The photo is not a well-formed JPEG or PNG image.", [new("photo", "truncated or malformed image")]);
    }

    private static async Task<byte[]> ReadCappedAsync(Stream body, int max, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > max)
            {
                throw new InputException(StatusCodes.Status413PayloadTooLarge, $"The photo is larger than {max / 1024} KB.", [new("photo", $"at most {max} bytes")]);
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }
}
