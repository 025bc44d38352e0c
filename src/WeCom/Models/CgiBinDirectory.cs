using System.Text.Json.Serialization;

namespace Attendance.WeCom.Models;

/// <summary>GET /cgi-bin/user/get?userid=.</summary>
public sealed class CgiBinUserGetResponse : WeComResponse
{
    public const int StatusActive = 1;
    public const int StatusDisabled = 2;
    public const int StatusNotActivated = 4;
    public const int StatusLeft = 5;

    [JsonPropertyName("userid")]
    public string? UserId { get; set; }

    [JsonPropertyName("name")]
    public string? Name { get; set; }

    [JsonPropertyName("department")]
    public List<long>? Department { get; set; }

    [JsonPropertyName("main_department")]
    public long? MainDepartment { get; set; }

    /// <summary>Parallel to <see cref="Department"/>: 1 where the user leads that department.</summary>
    [JsonPropertyName("is_leader_in_dept")]
    public List<int>? IsLeaderInDepartment { get; set; }

    [JsonPropertyName("direct_leader")]
    public List<string>? DirectLeader { get; set; }

    [JsonPropertyName("position")]
    public string? Position { get; set; }

    /// <summary>1 active, 2 disabled, 4 not activated, 5 left.</summary>
    [JsonPropertyName("status")]
    public int Status { get; set; }
}

/// <summary>GET /cgi-bin/department/list?id= (the subtree under id, or everything visible).</summary>
public sealed class CgiBinDepartmentListResponse : WeComResponse
{
    [JsonPropertyName("department")]
    public List<WeComDepartment> Department { get; set; } = [];
}

public sealed class WeComDepartment
{
    [JsonPropertyName("id")]
    public long Id { get; set; }

    [JsonPropertyName("name")]
    public string? Name { get; set; }

    [JsonPropertyName("parentid")]
    public long ParentId { get; set; }

    [JsonPropertyName("order")]
    public long Order { get; set; }

    [JsonPropertyName("department_leader")]
    public List<string>? DepartmentLeader { get; set; }
}
