using System.Text.Json;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;

namespace Attendance.BotHost.Infrastructure;

/// <summary>
/// A JSON request body bound by hand so that malformed JSON, a wrong content type or an oversized body each get a
/// problem+json answer that names the field (System.Text.Json's path), instead of the framework's bare 400.
/// </summary>
public sealed class JsonBody<T> : Microsoft.AspNetCore.Http.Metadata.IEndpointParameterMetadataProvider
    where T : class
{
    public const int MaxBytes = 256 * 1024;

    private JsonBody(T value) => Value = value;

    public T Value { get; }

#pragma warning disable CA1000 // minimal APIs discover BindAsync as a static member of the parameter type
    public static async ValueTask<JsonBody<T>?> BindAsync(HttpContext context)
    {
        var request = context.Request;
        if (request.ContentType is null || !request.HasJsonContentType())
        {
            throw new InputException(StatusCodes.Status415UnsupportedMediaType, "The body must be JSON (Content-Type: application/json).", []);
        }

        if (request.ContentLength > MaxBytes)
        {
            throw TooLarge();
        }

        var options = context.RequestServices.GetRequiredService<IOptions<JsonOptions>>().Value.SerializerOptions;
        try
        {
            await using var limited = new LimitedReadStream(request.Body, MaxBytes);
            var value = await JsonSerializer.DeserializeAsync<T>(limited, options, context.RequestAborted);
            return value is null ? throw InputException.Invalid("$", "a JSON object is required") : new JsonBody<T>(value);
        }
        catch (JsonException e)
        {
            var field = string.IsNullOrEmpty(e.Path) || e.Path == "$" ? "$" : e.Path.TrimStart('$', '.');
            if (e is JsonFieldException)
            {
                // The serializer appends the path to the message; the field already says where.
                throw InputException.Invalid(field, e.Message.Split(" Path:", 2)[0]);
            }

            throw InputException.Invalid(field, "malformed JSON or a value of the wrong type" +
                (e.LineNumber is { } line ? $" (line {line + 1}, byte {e.BytePositionInLine + 1})" : ""));
        }
        catch (LimitedReadStream.LimitExceededException)
        {
            throw TooLarge();
        }
    }

    /// <summary>For the OpenAPI document: the body is <typeparamref name="T"/> as JSON (its errors are added by <see cref="ApiDocs"/>).</summary>
    public static void PopulateMetadata(System.Reflection.ParameterInfo parameter, EndpointBuilder builder) =>
        builder.Metadata.Add(new ApiRequestBody(typeof(T), Optional: false, ["application/json"]));

#pragma warning restore CA1000

    private static InputException TooLarge() =>
        new(StatusCodes.Status413PayloadTooLarge, $"The body is larger than {MaxBytes / 1024} KB.", []);
}

/// <summary>Stops reading after a limit, for bodies without Content-Length (chunked).</summary>
internal sealed class LimitedReadStream(Stream inner, long limit) : Stream
{
    private long _read;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => _read; set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count) => Count(inner.Read(buffer, offset, count));

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        Count(await inner.ReadAsync(buffer, cancellationToken));

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    private int Count(int n)
    {
        _read += n;
        return _read > limit ? throw new LimitExceededException() : n;
    }

    internal sealed class LimitExceededException : IOException;
}
