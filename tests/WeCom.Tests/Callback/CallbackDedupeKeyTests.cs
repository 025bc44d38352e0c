
namespace Attendance.WeCom.Tests.Callback;

/// <summary>WeComCallbackMessage.DeduplicationKey: one key per callback WeCom sends, the same for its retries.</summary>
public sealed class CallbackDedupeKeyTests
{
    private static WeComCallbackMessage Contact(string changeType, string fields, long createTime = 1_700_000_000, string agent = "") =>
        WeComCallbackMessage.Parse(
            $"<xml><ToUserName><![CDATA[wwcorp]]></ToUserName><FromUserName><![CDATA[sys]]></FromUserName><CreateTime>{createTime}</CreateTime>"
            + $"<MsgType><![CDATA[event]]></MsgType><Event><![CDATA[change_contact]]></Event><ChangeType>{changeType}</ChangeType>{fields}{agent}</xml>");

    [Fact]
    public void Contact_changes_in_the_same_second_get_different_keys()
    {
        var keys = new[]
        {
            Contact("create_user", "<UserID>zhangsan</UserID><Department>1</Department>").DeduplicationKey,
            Contact("create_user", "<UserID>lisi</UserID><Department>1</Department>").DeduplicationKey,
            Contact("update_user", "<UserID>zhangsan</UserID><Department>1</Department>").DeduplicationKey,
            Contact("update_user", "<UserID>zhangsan</UserID><Department>1,2</Department>").DeduplicationKey,
            Contact("update_user", "<UserID>zhangsan</UserID><NewUserID>zs</NewUserID><Department>1</Department>").DeduplicationKey,
            Contact("delete_user", "<UserID>zhangsan</UserID>").DeduplicationKey,
            Contact("create_party", "<Id>2</Id><Name>研发部</Name><ParentId>1</ParentId><Order>1</Order>").DeduplicationKey,
            Contact("delete_party", "<Id>2</Id>").DeduplicationKey,
            Contact("delete_party", "<Id>3</Id>").DeduplicationKey,
        };
        keys.Distinct(StringComparer.Ordinal).Count().Should().Be(keys.Length);
        keys.Should().AllSatisfy(k => k.Should().StartWith("sys:1700000000:change_contact:"));
    }

    [Fact]
    public void A_redelivered_contact_change_gets_the_same_key_and_field_boundaries_matter()
    {
        var first = Contact("update_user", "<UserID>zhangsan</UserID><Department>1</Department>");
        var retry = Contact("update_user", "<UserID><![CDATA[zhangsan]]></UserID>\n  <Department>1</Department>", agent: "<AgentID>1000002</AgentID>");
        retry.DeduplicationKey.Should().Be(first.DeduplicationKey);
        Contact("update_user", "<UserID>zhangsan</UserID><Department>1</Department>", 1_700_000_001).DeduplicationKey.Should().NotBe(first.DeduplicationKey);
        Contact("update_user", "<UserID>a</UserID><Department>b1</Department>").DeduplicationKey.Should().NotBe(Contact("update_user", "<UserID>ab</UserID><Department>1</Department>").DeduplicationKey);
    }

    [Fact]
    public void Person_events_and_messages_keep_their_keys()
    {
        var enter = WeComCallbackMessage.Parse(
            "<xml><ToUserName>wwcorp</ToUserName><FromUserName>lisi</FromUserName><CreateTime>1700000000</CreateTime><MsgType>event</MsgType>"
            + "<Event>enter_agent</Event><EventKey></EventKey><AgentID>1</AgentID></xml>");
        enter.DeduplicationKey.Should().Be("lisi:1700000000:enter_agent");
        var text = WeComCallbackMessage.Parse("<xml><FromUserName>lisi</FromUserName><MsgType>text</MsgType><MsgId>42</MsgId></xml>");
        text.DeduplicationKey.Should().Be("42");
    }
}
