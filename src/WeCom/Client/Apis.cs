namespace Attendance.WeCom.Client;

/// <summary>API paths; also the keys of rate-limit pauses and the Api of errors.</summary>
public static class Apis
{
    public const string GetToken = "/cgi-bin/gettoken";
    public const string MessageSend = "/cgi-bin/message/send";
    public const string MessageUpdateTemplateCard = "/cgi-bin/message/update_template_card";
    public const string AppChatCreate = "/cgi-bin/appchat/create";
    public const string AppChatSend = "/cgi-bin/appchat/send";
    public const string WebhookSend = "/cgi-bin/webhook/send";
    public const string WebhookUploadMedia = "/cgi-bin/webhook/upload_media";
    public const string MediaUpload = "/cgi-bin/media/upload";
    public const string MediaGet = "/cgi-bin/media/get";
    public const string MiniProgramJsCode2Session = "/cgi-bin/miniprogram/jscode2session";
    public const string AuthGetUserInfo = "/cgi-bin/auth/getuserinfo";
    public const string UserGet = "/cgi-bin/user/get";
    public const string DepartmentList = "/cgi-bin/department/list";
    public const string CheckinGetCheckinData = "/cgi-bin/checkin/getcheckindata";
    public const string CheckinAddCheckinRecord = "/cgi-bin/checkin/add_checkin_record";
}
