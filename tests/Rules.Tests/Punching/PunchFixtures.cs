using static Attendance.Rules.Tests.Geo.GeoFixtures;

namespace Attendance.Rules.Tests.Punching;

/// <summary>One office in Shenzhen, one employee, a morning punch; tests vary one thing at a time with <c>with</c>.</summary>
internal static class PunchFixtures
{
    public const string User = "zhangsan";
    public const string Device = "iphone-zs";
    public const string OfficeBssid = "aa:bb:cc:dd:ee:01";
    public const long Department = 10;

    public static readonly GeoPoint Hq = TencentBuildingGcj;

    // 08:55 in Shenzhen.
    public static readonly DateTimeOffset Now = new(2026, 6, 1, 0, 55, 0, TimeSpan.Zero);
    public static readonly DateOnly Today = new(2026, 6, 1);

    public static Site Office(OutOfRangePolicy policy = OutOfRangePolicy.Exception, bool requirePhoto = false, bool requireFace = false) =>
        Circle("sz-hq", Hq, 200, policy, [Department], [new WifiAccessPoint("Tencent-Office", OfficeBssid)],
            requirePhoto, requireFace, name: "深圳总部");

    public static PunchLocation At(double east, double north, double accuracy = 20) =>
        new(Offset(Hq, east, north).Latitude, Offset(Hq, east, north).Longitude, accuracy, CoordinateSystem.Gcj02);

    public static PunchAttempt Attempt(PunchLocation? location = null) =>
        new(User, Now, Now.AddSeconds(-3), PunchKind.Auto, location ?? At(0, 50), null, Device, false, null, true);

    public static PunchContext Context(params Site[] sites) =>
        new(SiteIndex.Build(sites.Length == 0 ? [Office()] : sites), [Department], Today, [], null, [Device], [], [],
            PunchSettings.Default);

    public static PunchScore Score(PunchAttempt attempt, PunchContext? context = null) =>
        PunchScorer.Score(attempt, context ?? Context());

    public static string Codes(PunchScore score) => string.Join(",", score.Findings.Select(f => f.Code));
}
