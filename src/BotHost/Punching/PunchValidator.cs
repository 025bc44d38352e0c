using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Attendance.BotHost.Infrastructure;
using Attendance.Rules.Common;
using Attendance.Rules.Geo;
using Attendance.Rules.Punching;
using Attendance.Rules.Sites;

namespace Attendance.BotHost.Punching;

/// <summary>A punch request that passed validation, with the hash that tells a replay from a different punch.</summary>
public sealed record ValidPunch(
    string ClientPunchId,
    DateTimeOffset? DeviceTime,
    PunchKind Kind,
    PunchLocation? Location,
    PunchWifi? Wifi,
    string? DeviceId,
    string? Note,
    string PayloadHash);

/// <summary>Field-level checks of a punch request; every problem is reported at once, keyed by its JSON path.</summary>
public static class PunchValidator
{
    public const int MaxIdLength = 64;
    public const int MaxNoteLength = 200;

    /// <summary>No phone reports a fix worse than this and still means it; larger values are garbage, not a fix.</summary>
    public const double MaxAccuracyMeters = 100_000;

    public static ValidPunch Validate(PunchRequest request, byte[]? photo)
    {
        ArgumentNullException.ThrowIfNull(request);
        var errors = new FieldErrors();
        var clientPunchId = Id(request.ClientPunchId, "clientPunchId", required: true, errors);
        var deviceId = Id(request.DeviceId, "deviceId", required: false, errors);

        DateTimeOffset? deviceTime = null;
        if (request.DeviceTime is { } text)
        {
            if (text.Length <= 40 && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out var parsed) && HasOffset(text))
            {
                deviceTime = PunchService.WholeMilliseconds(parsed);
            }
            else
            {
                errors.Add("deviceTime", "must be an ISO-8601 time with an offset, e.g. 2026-03-02T08:52:10+08:00");
            }
        }

        if (!PunchWireNames.TryParseKind(request.Kind, out var kind) || request.Kind?.Length > 8)
        {
            errors.Add("kind", "must be auto, in or out");
        }

        var location = request.Location is { } l ? Location(l, errors) : null;
        PunchWifi? wifi = null;
        if (request.Wifi is { } w)
        {
            string? bssid = null;
            if (w.Bssid is not null && (bssid = Bssid.Normalize(w.Bssid)) is null)
            {
                errors.Add("wifi.bssid", "must be a MAC address of six hex octets, e.g. aa:bb:cc:dd:ee:ff");
            }

            if (w.Ssid is { Length: > 64 })
            {
                errors.Add("wifi.ssid", "must be at most 64 characters");
            }

            wifi = new PunchWifi(w.Ssid, bssid);
        }

        if (request.Note is { Length: > MaxNoteLength })
        {
            errors.Add("note", $"must be at most {MaxNoteLength} characters");
        }

        if (!errors.IsEmpty)
        {
            throw InputException.Invalid(errors);
        }

        var hash = Hash(clientPunchId!, deviceTime, kind, location, wifi, deviceId, request.Note, photo);
        return new ValidPunch(clientPunchId!, deviceTime, kind, location, wifi, deviceId, request.Note, hash);
    }

    private static string? Id(string? value, string field, bool required, FieldErrors errors)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            if (required || value is not null)
            {
                errors.Add(field, "is required");
            }

            return null;
        }

        if (value.Length > MaxIdLength)
        {
            errors.Add(field, $"must be at most {MaxIdLength} characters");
        }
        else if (value.Any(char.IsControl))
        {
            errors.Add(field, "must not contain control characters");
        }

        return value;
    }

    private static PunchLocation? Location(PunchRequestLocation l, FieldErrors errors)
    {
        var before = errors.Items.Count;
        if (l.Latitude is not { } lat || !double.IsFinite(lat) || lat is < -90 or > 90)
        {
            errors.Add("location.latitude", "is required and must be between -90 and 90");
        }

        if (l.Longitude is not { } lon || !double.IsFinite(lon) || lon is < -180 or > 180)
        {
            errors.Add("location.longitude", "is required and must be between -180 and 180");
        }

        if (l.Accuracy is not { } acc || !double.IsFinite(acc) || acc < 0 || acc > MaxAccuracyMeters)
        {
            errors.Add("location.accuracy", $"is required, in metres, between 0 and {MaxAccuracyMeters:0}");
        }

        // wx.getLocation and ww.getLocation answer in WGS-84 unless asked for gcj02, so that is the safe default.
        var system = CoordinateSystem.Wgs84;
        switch (l.CoordinateSystem?.Trim().ToLowerInvariant())
        {
            case null or "wgs84": break;
            case "gcj02": system = CoordinateSystem.Gcj02; break;
            default: errors.Add("location.coordinateSystem", "must be gcj02 or wgs84"); break;
        }

        return errors.Items.Count > before ? null : new PunchLocation(l.Latitude!.Value, l.Longitude!.Value, l.Accuracy!.Value, system);
    }

    private static bool HasOffset(string text)
    {
        var t = text.IndexOf('T', StringComparison.OrdinalIgnoreCase);
        return t > 0 && (text.EndsWith('Z') || text.EndsWith('z') || text.IndexOfAny(['+', '-'], t) > 0);
    }

    /// <summary>SHA-256 over the canonical request fields (and the photo's bytes), so key order or spacing do not matter.</summary>
    private static string Hash(string id, DateTimeOffset? deviceTime, PunchKind kind, PunchLocation? location, PunchWifi? wifi, string? deviceId,
        string? note, byte[]? photo)
    {
        var canonical = string.Join('\u001f',
            id,
            deviceTime?.UtcTicks.ToString(CultureInfo.InvariantCulture) ?? "",
            kind.ToWire(),
            location is null ? "" : string.Create(CultureInfo.InvariantCulture, $"{location.Latitude:R},{location.Longitude:R},{location.AccuracyMeters:R},{location.CoordinateSystem}"),
            wifi?.Ssid ?? "",
            wifi?.Bssid ?? "",
            deviceId ?? "",
            note ?? "",
            photo is null ? "" : Convert.ToHexStringLower(SHA256.HashData(photo)));
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(canonical)));
    }
}
