using Attendance.BotHost.Days;
using Attendance.BotHost.Jobs;
using Attendance.BotHost.Privacy;
using Attendance.BotHost.Punching;
using Attendance.BotHost.Reviews;
using Attendance.BotHost.Sessions;
using Attendance.Rules.Calendar;
using Attendance.Rules.Directory;
using Attendance.Rules.Schedule;
using Attendance.Rules.Sites;

namespace Attendance.BotHost.Infrastructure;

/// <summary>
/// A valid example of each JSON request body, by body type, for the document (<see cref="OperationShape"/>): a reader
/// (and Scalar's "try it") starts from something the service accepts, and the schema-driven test sends these as its
/// valid requests, so an example that stops being valid fails a test. None for the OAuth state, which no fixed value passes.
/// </summary>
internal static class ApiExamples
{
    private static readonly Dictionary<Type, object> Bodies = new()
    {
        [typeof(DepartmentSpec)] = new { name = "总部" },
        [typeof(EmployeeSpec)] = new { name = "张伟", departmentIds = new[] { 1 } },
        [typeof(SiteSpec)] = new
        {
            name = "总部",
            coordinateSystem = "gcj02",
            circle = new { latitude = 31.23, longitude = 121.47, radiusMeters = 300 },
            departmentIds = new[] { 1 },
        },
        [typeof(ShiftSpec)] = new { name = "白班", segments = new[] { new { start = "09:00", end = "18:00" } }, lateGraceMinutes = 5 },
        [typeof(AssignmentSpec)] = new { userId = "lina", shiftId = "late", from = "2026-11-01", to = "2026-11-30" },
        [typeof(RosterCellsRequest)] = new { changes = new[] { new { userId = "lina", date = "2026-11-03", shiftId = "late" } } },
        [typeof(CalendarDaySpec)] = new { kind = "holiday", name = "测试假日" },
        [typeof(LeaveRequest)] = new { userId = "lina", from = "2026-10-20", to = "2026-10-20", kind = "年假" },
        [typeof(ImportRequest)] = new
        {
            records = new[] { new { userId = "lina", time = "2026-10-13T09:01:00+08:00", kind = "in", source = "kiosk", deviceId = "kiosk-1" } },
        },
        [typeof(DecisionRequest)] = new { approve = true },
        [typeof(PunchDecisionRequest)] = new { approve = true, reason = "已核实" },
        [typeof(JobTriggerSpec)] = new { date = "2026-10-12" },
        [typeof(CorrectionRequest)] = new { date = "2026-10-12", kind = "out", time = "18:00", reason = "忘记打卡" },
        [typeof(FaceConsentRequest)] = new { granted = true },
        [typeof(LocationConsentRequest)] = new { granted = true },
        [typeof(PunchExplanationRequest)] = new { text = "地铁故障" },
        [typeof(PunchRequest)] = new
        {
            clientPunchId = "a1b2c3d4-0000-4000-8000-000000000001",
            kind = "in",
            location = new { latitude = 31.23, longitude = 121.47, accuracy = 20, coordinateSystem = "gcj02" },
        },
        [typeof(DevLoginRequest)] = new { userId = "wangfang" },
        [typeof(CodeRequest)] = new { code = "a-code" },
    };

    public static object? For(Type body) => Bodies.GetValueOrDefault(body);
}
