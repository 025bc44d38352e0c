namespace Attendance.WeCom;

/// <summary>WeCom answered with a non-zero errcode.</summary>
public class WeComException : Exception
{
    public WeComException(string api, int errorCode, string errorMessage, string? message = null)
        : base(message ?? $"WeCom {api} failed: errcode {errorCode}, errmsg {errorMessage}")
    {
        Api = api;
        ErrorCode = errorCode;
        ErrorMessage = errorMessage;
    }

    /// <summary>The API path, e.g. /cgi-bin/message/send; never a full URL, so it holds no token.</summary>
    public string Api { get; }

    public int ErrorCode { get; }

    public string ErrorMessage { get; }
}
