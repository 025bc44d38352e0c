using System.Text.Json.Serialization;

namespace Attendance.WeCom.Models;

/// <summary>POST /cgi-bin/checkin/getcheckindata: at most 30 days and 100 users per call.</summary>
public sealed class CgiBinCheckinGetCheckinDataRequest
{
    /// <summary>1 commute, 2 outside, 3 all.</summary>
    [JsonPropertyName("opencheckindatatype")]
    public int OpenCheckinDataType { get; set; } = 3;

    [JsonPropertyName("starttime")]
    public long StartTime { get; set; }

    [JsonPropertyName("endtime")]
    public long EndTime { get; set; }

    [JsonPropertyName("useridlist")]
    public List<string> UserIdList { get; set; } = [];
}

public sealed class CgiBinCheckinGetCheckinDataResponse : WeComResponse
{
    [JsonPropertyName("checkindata")]
    public List<WeComCheckinData> CheckinData { get; set; } = [];
}

/// <summary>One punch in WeCom's own attendance; Latitude/Longitude are GCJ-02 degrees × 1,000,000.</summary>
public sealed class WeComCheckinData
{
    [JsonPropertyName("userid")]
    public string UserId { get; set; } = "";

    [JsonPropertyName("groupname")]
    public string? GroupName { get; set; }

    /// <summary>上班打卡 / 下班打卡 / 外出打卡.</summary>
    [JsonPropertyName("checkin_type")]
    public string? CheckinType { get; set; }

    /// <summary>';'-separated: 时间异常, 地点异常, 未打卡, wifi异常, 非常用设备.</summary>
    [JsonPropertyName("exception_type")]
    public string? ExceptionType { get; set; }

    [JsonPropertyName("checkin_time")]
    public long CheckinTime { get; set; }

    [JsonPropertyName("location_title")]
    public string? LocationTitle { get; set; }

    [JsonPropertyName("location_detail")]
    public string? LocationDetail { get; set; }

    [JsonPropertyName("wifiname")]
    public string? WifiName { get; set; }

    [JsonPropertyName("wifimac")]
    public string? WifiMac { get; set; }

    [JsonPropertyName("notes")]
    public string? Notes { get; set; }

    [JsonPropertyName("mediaids")]
    public List<string>? MediaIds { get; set; }

    [JsonPropertyName("lat")]
    public long? Latitude { get; set; }

    [JsonPropertyName("lng")]
    public long? Longitude { get; set; }

    [JsonPropertyName("deviceid")]
    public string? DeviceId { get; set; }
}

/// <summary>POST /cgi-bin/checkin/add_checkin_record: at most 200 records per call.</summary>
public sealed class CgiBinCheckinAddCheckinRecordRequest
{
    [JsonPropertyName("records")]
    public List<WeComCheckinRecord> Records { get; set; } = [];
}

public sealed class WeComCheckinRecord
{
    [JsonPropertyName("userid")]
    public string UserId { get; set; } = "";

    [JsonPropertyName("checkin_time")]
    public long CheckinTime { get; set; }

    [JsonPropertyName("location_title")]
    public string? LocationTitle { get; set; }

    [JsonPropertyName("location_detail")]
    public string? LocationDetail { get; set; }

    [JsonPropertyName("mediaids")]
    public List<string>? MediaIds { get; set; }

    [JsonPropertyName("notes")]
    public string? Notes { get; set; }

    /// <summary>1 门禁, 2 考勤机, 3 其他.</summary>
    [JsonPropertyName("device_type")]
    public int DeviceType { get; set; } = 3;

    [JsonPropertyName("lat")]
    public long? Latitude { get; set; }

    [JsonPropertyName("lng")]
    public long? Longitude { get; set; }

    [JsonPropertyName("device_detail")]
    public string? DeviceDetail { get; set; }

    [JsonPropertyName("wifiname")]
    public string? WifiName { get; set; }

    /// <summary>aa:bb:cc:dd:ee:ff.</summary>
    [JsonPropertyName("wifimac")]
    public string? WifiMac { get; set; }
}

public sealed class CgiBinCheckinAddCheckinRecordResponse : WeComResponse;
