using Attendance.Rules.Common;
using Attendance.Rules.Geo;

namespace Attendance.Rules.Sites;

/// <summary>The site as it arrives in <c>PUT /api/admin/sites/{id}</c>: everything optional so that a missing field
/// gets a clear error rather than a silent zero.</summary>
public sealed record SiteSpec(
    string? Name,
    string? CoordinateSystem,
    CircleSpec? Circle,
    IReadOnlyList<PointSpec>? Polygon,
    IReadOnlyList<WifiSpec>? Wifi,
    IReadOnlyList<long>? DepartmentIds,
    string? OutOfRange,
    bool? RequirePhoto,
    bool? RequireFace);

public sealed record CircleSpec(double? Latitude, double? Longitude, double? RadiusMeters);

public sealed record PointSpec(double? Latitude, double? Longitude);

public sealed record WifiSpec(string? Ssid, string? Bssid);

public static class SiteValidator
{
    /// <summary>A fence larger than this is a typo, not a workplace.</summary>
    public const double MaxRadiusMeters = 50_000;

    public const int MaxPolygonPoints = 500;
    public const int MaxWifi = 200;

    public static Site? Validate(string id, SiteSpec? spec, FieldErrors errors)
    {
        errors.Require(Identifiers.IsSlug(id), "id", Identifiers.SlugRule);
        if (spec is null)
        {
            errors.Add("$", "a site body is required");
            return null;
        }

        errors.RequireText(spec.Name, "name", 100);
        var datum = ParseDatum(spec.CoordinateSystem, errors);
        var policy = ParsePolicy(spec.OutOfRange, errors);

        CircleFence? circle = null;
        List<GeoPoint>? polygon = null;
        if (spec.Circle is null && spec.Polygon is null)
        {
            errors.Add("circle", "either circle or polygon is required");
        }
        else if (spec.Circle is not null && spec.Polygon is not null)
        {
            errors.Add("polygon", "give either circle or polygon, not both");
        }
        else if (spec.Circle is { } c)
        {
            circle = ValidateCircle(c, datum, errors);
        }
        else
        {
            polygon = ValidatePolygon(spec.Polygon!, datum, errors);
        }

        var wifi = ValidateWifi(spec.Wifi, errors);
        var departments = spec.DepartmentIds ?? [];
        for (var i = 0; i < departments.Count; i++)
        {
            errors.Require(Identifiers.IsDepartmentId(departments[i]), $"departmentIds[{i}]", "must be a WeCom department id (a positive integer)");
        }

        errors.Require(departments.Distinct().Count() == departments.Count, "departmentIds", "must not repeat a department");
        if (!errors.IsEmpty)
        {
            return null;
        }

        return new Site(id, spec.Name!.Trim(), datum, circle, polygon, wifi, departments.ToArray(), policy,
            spec.RequirePhoto ?? false, spec.RequireFace ?? false);
    }

    public static CoordinateSystem ParseDatum(string? text, FieldErrors errors, string field = "coordinateSystem")
    {
        switch (text?.Trim().ToLowerInvariant())
        {
            case null or "" or "gcj02": return Geo.CoordinateSystem.Gcj02;
            case "wgs84": return Geo.CoordinateSystem.Wgs84;
            default:
                errors.Add(field, "must be gcj02 or wgs84");
                return Geo.CoordinateSystem.Gcj02;
        }
    }

    private static OutOfRangePolicy ParsePolicy(string? text, FieldErrors errors)
    {
        switch (text?.Trim().ToLowerInvariant())
        {
            case null or "" or "exception": return OutOfRangePolicy.Exception;
            case "field": return OutOfRangePolicy.Field;
            case "forbid": return OutOfRangePolicy.Forbid;
            default:
                errors.Add("outOfRange", "must be exception, field or forbid");
                return OutOfRangePolicy.Exception;
        }
    }

    private static CircleFence? ValidateCircle(CircleSpec c, CoordinateSystem datum, FieldErrors errors)
    {
        var point = ValidatePoint(c.Latitude, c.Longitude, "circle", errors);
        var radiusOk = c.RadiusMeters switch
        {
            null => errors.Require(false, "circle.radiusMeters", "is required"),
            var r => errors.Require(double.IsFinite(r.Value) && r.Value > 0 && r.Value <= MaxRadiusMeters,
                "circle.radiusMeters", $"must be greater than 0 and at most {MaxRadiusMeters:0} metres"),
        };
        return point is { } p && radiusOk ? new CircleFence(ChinaDatum.ToGcj02(p, datum), c.RadiusMeters!.Value) : null;
    }

    private static List<GeoPoint>? ValidatePolygon(IReadOnlyList<PointSpec> points, CoordinateSystem datum, FieldErrors errors)
    {
        if (points.Count < 3 || points.Count > MaxPolygonPoints)
        {
            errors.Add("polygon", $"must have between 3 and {MaxPolygonPoints} points");
            return null;
        }

        var ring = new List<GeoPoint>(points.Count);
        for (var i = 0; i < points.Count; i++)
        {
            if (ValidatePoint(points[i]?.Latitude, points[i]?.Longitude, $"polygon[{i}]", errors) is { } p)
            {
                ring.Add(ChinaDatum.ToGcj02(p, datum));
            }
        }

        if (ring.Count != points.Count)
        {
            return null;
        }

        // A closing point equal to the first is a common GeoJSON habit: accept it and drop it.
        if (ring.Count > 3 && ring[0] == ring[^1])
        {
            ring.RemoveAt(ring.Count - 1);
        }

        if (PolygonGeometry.SignedDoubleArea(ring) == 0)
        {
            errors.Add("polygon", "points must enclose an area (they are on one line)");
            return null;
        }

        if (PolygonGeometry.IsSelfIntersecting(ring))
        {
            errors.Add("polygon", "edges must not cross each other and points must not repeat");
            return null;
        }

        return ring;
    }

    public static GeoPoint? ValidatePoint(double? latitude, double? longitude, string prefix, FieldErrors errors)
    {
        var ok = true;
        if (latitude is not { } lat || !double.IsFinite(lat) || lat is < -90 or > 90)
        {
            errors.Add($"{prefix}.latitude", latitude is null ? "is required" : "must be a number between -90 and 90");
            ok = false;
        }

        if (longitude is not { } lng || !double.IsFinite(lng) || lng is < -180 or > 180)
        {
            errors.Add($"{prefix}.longitude", longitude is null ? "is required" : "must be a number between -180 and 180");
            ok = false;
        }

        return ok ? new GeoPoint(latitude!.Value, longitude!.Value) : null;
    }

    private static WifiAccessPoint[] ValidateWifi(IReadOnlyList<WifiSpec>? wifi, FieldErrors errors)
    {
        if (wifi is null)
        {
            return [];
        }

        if (wifi.Count > MaxWifi)
        {
            errors.Add("wifi", $"must have at most {MaxWifi} access points");
            return [];
        }

        var result = new List<WifiAccessPoint>(wifi.Count);
        for (var i = 0; i < wifi.Count; i++)
        {
            var bssid = Bssid.Normalize(wifi[i]?.Bssid);
            if (bssid is null)
            {
                errors.Add(Bssid.Describe(i), "must be a MAC address such as aa:bb:cc:dd:ee:ff");
                continue;
            }

            var ssid = wifi[i]!.Ssid?.Trim();
            if (ssid is { Length: > 32 })
            {
                errors.Add($"wifi[{i}].ssid", "must be at most 32 characters");
                continue;
            }

            result.Add(new WifiAccessPoint(string.IsNullOrEmpty(ssid) ? null : ssid, bssid));
        }

        if (result.Select(w => w.Bssid).Distinct(StringComparer.Ordinal).Count() != result.Count)
        {
            errors.Add("wifi", "must not list the same BSSID twice");
        }

        return [.. result];
    }
}
