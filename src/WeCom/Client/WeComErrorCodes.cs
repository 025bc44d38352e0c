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
    public const int FrequencyLimited = 45009;
    public const int ConcurrencyLimited = 45033;
    public const int ApiForbidden = 48002;
    public const int OutsideVisibility = 60011;
    public const int UntrustedIp = 60020;
    public const int AllRecipientsInvalid = 81013;
}
