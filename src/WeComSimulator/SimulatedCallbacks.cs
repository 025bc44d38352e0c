using System.Globalization;
using System.Net.Http.Headers;
using System.Security;
using System.Security.Cryptography;
using System.Text;
using Attendance.WeCom.Callback;

namespace Attendance.WeCom.Simulator;

/// <summary>An encrypted callback ready to send: append <see cref="Query"/> to the callback URL, POST <see cref="Body"/>.</summary>
public sealed record SimulatedCallbackRequest(string MsgSignature, string Timestamp, string Nonce, string Body, string? EchoStr = null)
{
    /// <summary>msg_signature, timestamp, nonce (and echostr for verification), URL-encoded, without '?'.</summary>
    public string Query
    {
        get
        {
            var query = $"msg_signature={MsgSignature}&timestamp={Timestamp}&nonce={Nonce}";
            return EchoStr is null ? query : query + "&echostr=" + Uri.EscapeDataString(EchoStr);
        }
    }

    public HttpRequestMessage ToHttpRequest(string callbackUrl)
    {
        var url = callbackUrl + (callbackUrl.Contains('?', StringComparison.Ordinal) ? "&" : "?") + Query;
        if (EchoStr is not null)
            return new HttpRequestMessage(HttpMethod.Get, url);
        return new HttpRequestMessage(HttpMethod.Post, url)
        {
            Content = new StringContent(Body, Encoding.UTF8, new MediaTypeHeaderValue("text/xml")),
        };
    }
}

/// <summary>
/// Acts as WeCom calling the service: builds signed, encrypted callback requests and their plain XML.
/// <paramref name="responseCodeIssued"/> tells the API side which ResponseCode a click carried, so update_template_card
/// accepts it once (94888).
/// </summary>
public sealed class SimulatedCallbacks(string corpId, string agentId, string token, string encodingAesKey, TimeProvider timeProvider,
    Action<string, string?>? responseCodeIssued = null)
{
    public WeComCallbackCrypto Crypto { get; } = new(token, encodingAesKey, corpId, timeProvider);

    /// <summary>A delivery POST carrying <paramref name="plainXml"/>; timestamp defaults to now.</summary>
    public SimulatedCallbackRequest Build(string plainXml, long? timestamp = null, string? nonce = null)
    {
        var ts = (timestamp ?? timeProvider.GetUtcNow().ToUnixTimeSeconds()).ToString(CultureInfo.InvariantCulture);
        nonce ??= NewNonce();
        var encrypt = Crypto.Encrypt(plainXml);
        var signature = Crypto.ComputeSignature(ts, nonce, encrypt);
        var body = $"<xml><ToUserName><![CDATA[{corpId}]]></ToUserName><AgentID><![CDATA[{agentId}]]></AgentID><Encrypt><![CDATA[{encrypt}]]></Encrypt></xml>";
        return new SimulatedCallbackRequest(signature, ts, nonce, body);
    }

    /// <summary>The URL verification GET; the service must answer exactly <paramref name="echo"/>.</summary>
    public SimulatedCallbackRequest BuildVerification(string echo, long? timestamp = null, string? nonce = null)
    {
        var ts = (timestamp ?? timeProvider.GetUtcNow().ToUnixTimeSeconds()).ToString(CultureInfo.InvariantCulture);
        nonce ??= NewNonce();
        var echostr = Crypto.Encrypt(echo);
        return new SimulatedCallbackRequest(Crypto.ComputeSignature(ts, nonce, echostr), ts, nonce, "", echostr);
    }

    public string TextMessage(string fromUser, string content, string? msgId = null, long? createTime = null) =>
        $"<xml><ToUserName><![CDATA[{corpId}]]></ToUserName><FromUserName><![CDATA[{fromUser}]]></FromUserName>"
        + $"<CreateTime>{createTime ?? timeProvider.GetUtcNow().ToUnixTimeSeconds()}</CreateTime><MsgType><![CDATA[text]]></MsgType>"
        + $"<Content><![CDATA[{content}]]></Content><MsgId>{SecurityElement.Escape(msgId ?? NewNonce())}</MsgId><AgentID>{agentId}</AgentID></xml>";

    /// <summary>The event WeCom sends when a member clicks a button_interaction card.</summary>
    public string TemplateCardEvent(string fromUser, string taskId, string eventKey, string? responseCode = null, long? createTime = null)
    {
        responseCode ??= "rc-" + NewNonce();
        responseCodeIssued?.Invoke(responseCode, taskId);
        return $"<xml><ToUserName><![CDATA[{corpId}]]></ToUserName><FromUserName><![CDATA[{fromUser}]]></FromUserName>"
        + $"<CreateTime>{createTime ?? timeProvider.GetUtcNow().ToUnixTimeSeconds()}</CreateTime><MsgType><![CDATA[event]]></MsgType>"
        + $"<Event><![CDATA[template_card_event]]></Event><EventKey><![CDATA[{eventKey}]]></EventKey><TaskId><![CDATA[{taskId}]]></TaskId>"
        + $"<CardType><![CDATA[button_interaction]]></CardType><ResponseCode><![CDATA[{responseCode}]]></ResponseCode>"
        + $"<AgentID>{agentId}</AgentID></xml>";
    }

    private static string NewNonce() => RandomNumberGenerator.GetInt32(100_000_000, int.MaxValue).ToString(CultureInfo.InvariantCulture);
}
