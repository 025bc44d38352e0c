using Attendance.BotHost.Infrastructure;
using Attendance.BotHost.Punching;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;

namespace Attendance.BotHost.Face;

/// <summary>
/// The enrolment photo: one <c>photo</c> part of a multipart body, capped and re-encoded like punch photos
/// (<see cref="PunchBodyReader.AcceptPhotoAsync"/>); a malformed multipart body is 400.
/// </summary>
public static class FacePhotoReader
{
    public static async Task<byte[]> ReadAsync(HttpRequest request, int maxBytes, long maxPixels, CancellationToken cancellationToken)
    {
        if (!MediaTypeHeaderValue.TryParse(request.ContentType, out var type) || !type.MediaType.Equals("multipart/form-data", StringComparison.OrdinalIgnoreCase)
            || HeaderUtilities.RemoveQuotes(type.Boundary).Value is not { Length: > 0 and <= 200 } boundary)
        {
            throw new InputException(StatusCodes.Status415UnsupportedMediaType, "The body must be multipart/form-data with one 'photo' part.", []);
        }

        var reader = new MultipartReader(boundary, request.Body) { HeadersLengthLimit = PunchBodyReader.MaxPartHeaderBytes };
        byte[]? photo = null;
        while (await PunchBodyReader.NextSectionAsync(reader, cancellationToken) is { } section)
        {
            var name = ContentDispositionHeaderValue.TryParse(section.ContentDisposition, out var disposition)
                ? HeaderUtilities.RemoveQuotes(disposition.Name).Value
                : null;
            if (name != "photo" || photo is not null)
            {
                throw InputException.Invalid(name ?? "$", "unexpected part: send exactly one 'photo' part");
            }

            photo = await PunchBodyReader.ReadPartAsync(section.Body, maxBytes, "photo", cancellationToken);
        }

        if (photo is null)
        {
            throw InputException.Invalid("photo", "the 'photo' part is required");
        }

        return await PunchBodyReader.AcceptPhotoAsync(photo, maxPixels, cancellationToken);
    }
}
