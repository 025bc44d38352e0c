using System.Globalization;

namespace Attendance.Rules.Punching;

/// <summary>The Chinese (zh-CN) texts employees and supervisors read. Kept in one place so wording stays consistent.</summary>
public static class FindingMessages
{
    public const string Accepted = "打卡成功";
    public const string AcceptedIn = "上班打卡成功";
    public const string AcceptedOut = "下班打卡成功";
    public const string InReview = "已提交，等待主管复核";
    public const string RejectedNoLocation = "未获取到位置信息，请开启定位后重试";
    public const string RejectedNoPhoto = "该地点要求拍照打卡，请拍照后重试";
    public const string RejectedNoLocationConsent = "您未授权使用位置信息，请连接打卡地点的 Wi-Fi 后重试，或在打卡页授权位置信息";

    public const string LocationMissing = "未获取到位置信息";
    public const string LocationUnusable = "位置信息无效（坐标或精度异常）";
    public const string LocationNoConsent = "未授权使用位置信息，未使用定位";
    public const string WifiMismatch = "所连 Wi-Fi 不是打卡地点的 Wi-Fi";
    public const string PhotoMissing = "该地点要求拍照打卡，但未上传照片";
    public const string FaceMatch = "人脸核验通过";
    public const string FaceMismatch = "人脸与本人不一致";
    public const string FaceNotFound = "照片中未检测到人脸";
    public const string FaceMultiple = "照片中有多张人脸";
    public const string FaceNotEnrolled = "尚未录入人脸，无法核验";
    public const string FaceNoConsent = "未授权人脸识别，已跳过人脸核验";
    public const string FaceUnavailable = "人脸核验服务暂不可用";
    public const string FacePending = "人脸核验尚未完成";
    public const string LivenessFailed = "活体检测未通过";
    public const string DeviceNew = "首次使用该设备打卡";
    public const string SuspiciousZeroAccuracy = "定位精度为 0，疑似模拟定位";
    public const string SuspiciousRepeat = "坐标与其他员工或其他日期的打卡完全相同，疑似模拟定位";
    public const string OutsidePunchWindow = "不在班次打卡时间范围内";

    public static string InFence(string site) => $"在{site}打卡范围内";

    public static string OutOfFence(string site, double meters) => $"不在打卡范围内，距离{site} {Distance(meters)}";

    public static string Inconclusive(string site, double accuracy) =>
        $"定位误差较大（约 {Distance(accuracy)}），无法确认是否在{site}打卡范围内";

    public static string WifiMatch(string site) => $"已连接{site}的 Wi-Fi";

    public static string DeviceShared(int others) => $"该设备今天已被其他 {others} 名员工用于打卡";

    public static string ImpossibleTravel(double meters, TimeSpan elapsed, double kmh) =>
        string.Create(CultureInfo.InvariantCulture,
            $"距上次打卡 {Distance(meters)}，仅隔 {Minutes(elapsed)}，约 {Math.Round(kmh):0} 公里/小时");

    public static string ClockSkew(TimeSpan difference) => $"设备时间与服务器时间相差 {Minutes(difference)}";

    public static string AcceptedWithException(string prefix, string site, double meters) =>
        $"{prefix}（地点异常：不在打卡范围内，距离{site} {Distance(meters)}）";

    public static string AcceptedAsField(string prefix) => $"{prefix}（外勤）";

    /// <summary>"350 米" below a kilometre, "1.5 公里" above.</summary>
    public static string Distance(double meters) => Math.Round(meters) < 1_000
        ? string.Create(CultureInfo.InvariantCulture, $"{Math.Round(meters):0} 米")
        : string.Create(CultureInfo.InvariantCulture, $"{meters / 1_000:0.#} 公里");

    private static string Minutes(TimeSpan span)
    {
        var minutes = Math.Abs(span.TotalMinutes);
        return minutes < 1
            ? string.Create(CultureInfo.InvariantCulture, $"{Math.Abs(span.TotalSeconds):0} 秒")
            : string.Create(CultureInfo.InvariantCulture, $"{Math.Round(minutes):0} 分钟");
    }
}
