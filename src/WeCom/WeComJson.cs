using System.Text.Json;
using System.Text.Json.Serialization;

namespace Attendance.WeCom;

/// <summary>Serializer settings WeCom accepts.</summary>
public static class WeComJson
{
    // WeCom answers 40033 to \uXXXX escapes (document/path/90455), so text goes out as raw UTF-8: see WeComJsonEncoder.
    public static JsonSerializerOptions Options { get; } = Create();

    private static JsonSerializerOptions Create()
    {
        var options = new JsonSerializerOptions
        {
            Encoder = WeComJsonEncoder.Instance,
            DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
            NumberHandling = JsonNumberHandling.AllowReadingFromString,
        };
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }
}
