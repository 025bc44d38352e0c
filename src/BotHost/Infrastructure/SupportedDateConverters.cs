using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Attendance.Rules.Common;

namespace Attendance.BotHost.Infrastructure;

/// <summary>A JSON value that parsed but is not acceptable; its message is the field error the client sees.</summary>
public sealed class JsonFieldException(string message) : JsonException(message);

/// <summary>Dates in request bodies: yyyy-MM-dd within <see cref="SupportedDates"/> (year 1 or 9999 is a 400, never an overflow).</summary>
public sealed class SupportedDateOnlyConverter : JsonConverter<DateOnly>
{
    public override DateOnly Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.TokenType == JsonTokenType.String
        && DateOnly.TryParseExact(reader.GetString(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
        && SupportedDates.Contains(date)
            ? date
            : throw new JsonFieldException(SupportedDates.Message + " (yyyy-MM-dd)");

    public override void Write(Utf8JsonWriter writer, DateOnly value, JsonSerializerOptions options) =>
        writer.WriteStringValue(value.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
}

/// <summary>Instants in request bodies: ISO-8601 with an offset, within <see cref="SupportedDates"/>.</summary>
public sealed class SupportedDateTimeOffsetConverter : JsonConverter<DateTimeOffset>
{
    public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.TokenType == JsonTokenType.String && reader.TryGetDateTimeOffset(out var instant) && SupportedDates.Contains(instant)
            ? instant
            : throw new JsonFieldException("must be an ISO-8601 time with offset between 2000-01-01 and 2099-12-31");

    public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options) => writer.WriteStringValue(value);
}
