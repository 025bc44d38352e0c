namespace Attendance.WeCom;

/// <summary>errcode values the client branches on (never on errmsg).</summary>
public static class WeComErrorCodes
{
    public const int Busy = -1;
    public const int Ok = 0;
    public const int InvalidCredential = 40001;
    public const int InvalidCorpId = 40013;
    public const int InvalidAccessToken = 40014;
    public const int InvalidCode = 40029;
    public const int UnicodeEscapes = 40033;
    public const int AccessTokenExpired = 42001;

    /// <summary>An OAuth / login code already exchanged ("code已经被使用过", global list 90313).</summary>
    public const int CodeUsed = 42022;

    /// <summary>template_card task_id already used, empty or too long ("taskid has existed or empty or exceed max len").</summary>
    public const int TaskIdExists = 42014;
    public const int FrequencyLimited = 45009;
    public const int ConcurrencyLimited = 45033;
    public const int ApiForbidden = 48002;
    public const int OutsideVisibility = 60011;

    /// <summary>user/get of a userid the directory does not have (deleted member).</summary>
    public const int UserNotFound = 60111;
    public const int UntrustedIp = 60020;

    /// <summary>department id that names no department ("无效的部门id", 90455): deleted before we asked.</summary>
    public const int InvalidDepartmentId = 60123;
    public const int AllRecipientsInvalid = 81013;
}
