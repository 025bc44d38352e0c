using Attendance.WeCom.Callback;

namespace Attendance.WeCom.Tests;

public sealed class CallbackXmlTests
{
    [Fact]
    public void Parses_a_text_message()
    {
        var message = WeComCallbackMessage.Parse("""
            <xml><ToUserName><![CDATA[wwcorp]]></ToUserName><FromUserName><![CDATA[zhangsan]]></FromUserName>
            <CreateTime>1348831860</CreateTime><MsgType><![CDATA[text]]></MsgType><Content><![CDATA[打卡]]></Content>
            <MsgId>1234567890123456</MsgId><AgentID>1000002</AgentID></xml>
            """);
        Assert.Equal("wwcorp", message.ToUserName);
        Assert.Equal("zhangsan", message.FromUserName);
        Assert.Equal(1348831860, message.CreateTime);
        Assert.Equal("text", message.MsgType);
        Assert.Equal("打卡", message.Content);
        Assert.Equal("1234567890123456", message.MsgId);
        Assert.Equal("1000002", message.AgentId);
        Assert.False(message.IsEvent);
        Assert.Equal("1234567890123456", message.DeduplicationKey);
    }

    [Fact]
    public void Parses_a_template_card_event()
    {
        var message = WeComCallbackMessage.Parse("""
            <xml><ToUserName>wwcorp</ToUserName><FromUserName>lisi</FromUserName><CreateTime>1700000000</CreateTime>
            <MsgType>event</MsgType><Event>template_card_event</Event><EventKey>approve</EventKey><TaskId>task-1</TaskId>
            <CardType>button_interaction</CardType><ResponseCode>rc-1</ResponseCode><AgentID>1</AgentID>
            <SelectedItems><SelectedItem><QuestionKey>q1</QuestionKey></SelectedItem></SelectedItems></xml>
            """);
        Assert.True(message.IsEvent);
        Assert.Equal("template_card_event", message.Event);
        Assert.Equal("approve", message.EventKey);
        Assert.Equal("task-1", message.TaskId);
        Assert.Equal("rc-1", message.ResponseCode);
        Assert.Equal("button_interaction", message.Elements["CardType"]);
        Assert.Equal("q1", message.Elements["QuestionKey"]);
        Assert.Null(message.MsgId);
        Assert.Equal("lisi:1700000000:template_card_event:task-1", message.DeduplicationKey);
    }

    [Fact]
    public void Parses_the_envelope()
    {
        var envelope = WeComCallbackEnvelope.Parse("<xml><ToUserName><![CDATA[wwcorp]]></ToUserName><AgentID><![CDATA[1]]></AgentID><Encrypt><![CDATA[abc]]></Encrypt></xml>");
        Assert.Equal(new WeComCallbackEnvelope("wwcorp", "1", "abc"), envelope);
        Assert.Throws<WeComCallbackXmlException>(() => WeComCallbackEnvelope.Parse("<xml><ToUserName>x</ToUserName></xml>"));
    }

    [Theory]
    [InlineData("""<?xml version="1.0"?><!DOCTYPE xml [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><xml><Content>&xxe;</Content></xml>""")]
    [InlineData("""<!DOCTYPE xml [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]><xml><Encrypt>&b;</Encrypt></xml>""")]
    [InlineData("""<!DOCTYPE xml SYSTEM "http://127.0.0.1:1/evil.dtd"><xml><Encrypt>x</Encrypt></xml>""")]
    [InlineData("<xml><Encrypt>unclosed</xml>")]
    [InlineData("<html><Encrypt>x</Encrypt></html>")]
    public void Dtd_and_malformed_bodies_are_refused(string xml)
    {
        Assert.Throws<WeComCallbackXmlException>(() => WeComCallbackMessage.Parse(xml));
        Assert.Throws<WeComCallbackXmlException>(() => WeComCallbackEnvelope.Parse(xml));
    }

    [Fact]
    public void Decrypting_an_xxe_envelope_is_refused()
    {
        var crypto = new WeComCallbackCrypto("QDG6eK", "jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C", "wx5823bf96d3bd56c7");
        const string body = """<!DOCTYPE xml [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><xml><Encrypt>&xxe;</Encrypt></xml>""";
        Assert.Throws<WeComCallbackXmlException>(() => crypto.DecryptMessage("sig", "1", "2", body));
    }
}
