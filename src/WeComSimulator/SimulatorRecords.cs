namespace Attendance.WeCom.Simulator;

/// <summary>A message the simulator received: app message, app-chat message, robot message or card update.</summary>
/// <param name="Api">Path it arrived on, e.g. /cgi-bin/message/send.</param>
/// <param name="Json">The request body exactly as sent (to check raw UTF-8 vs \u escapes).</param>
public sealed record SimulatedMessage(string Api, string? ToUser, string? ChatId, string? RobotKey, string? MsgType, string Json)
{
    /// <summary>Arrival order, from 1; a reader polls for what came after the last one it saw.</summary>
    public long Seq { get; init; }

    public DateTimeOffset At { get; init; }
}

/// <summary>A member of the simulator directory; Status 1 active, 2 disabled, 4 not activated, 5 left.</summary>
public sealed record SimulatedUser(string UserId, string Name, IReadOnlyList<long> Departments, int Status = 1, IReadOnlyList<string>? DirectLeaders = null);

public sealed record SimulatedDepartment(long Id, string Name, long ParentId, IReadOnlyList<string>? Leaders = null);

/// <summary>Uploaded media (app media/upload or robot webhook/upload_media).</summary>
public sealed record SimulatedMedia(string MediaId, string Type, string FileName, string? ContentType, byte[] Content, string? RobotKey);
