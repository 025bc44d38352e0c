
namespace Attendance.WeCom.Tests.Callback;

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
        message.ToUserName.Should().Be("wwcorp");
        message.FromUserName.Should().Be("zhangsan");
        message.CreateTime.Should().Be(1348831860);
        message.MsgType.Should().Be("text");
        message.Content.Should().Be("打卡");
        message.MsgId.Should().Be("1234567890123456");
        message.AgentId.Should().Be("1000002");
        message.IsEvent.Should().BeFalse();
        message.DeduplicationKey.Should().Be("1234567890123456");
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
        message.IsEvent.Should().BeTrue();
        message.Event.Should().Be("template_card_event");
        message.EventKey.Should().Be("approve");
        message.TaskId.Should().Be("task-1");
        message.ResponseCode.Should().Be("rc-1");
        message.Elements["CardType"].Should().Be("button_interaction");
        message.Elements["QuestionKey"].Should().Be("q1");
        message.MsgId.Should().BeNull();
        message.DeduplicationKey.Should().Be("lisi:1700000000:template_card_event:task-1");
    }

    [Fact]
    public void Parses_the_envelope()
    {
        var envelope = WeComCallbackEnvelope.Parse("<xml><ToUserName><![CDATA[wwcorp]]></ToUserName><AgentID><![CDATA[1]]></AgentID><Encrypt><![CDATA[abc]]></Encrypt></xml>");
        envelope.Should().Be(new WeComCallbackEnvelope("wwcorp", "1", "abc"));
        FluentActions.Invoking(() => WeComCallbackEnvelope.Parse("<xml><ToUserName>x</ToUserName></xml>")).Should().ThrowExactly<WeComCallbackXmlException>();
    }

    [Theory]
    [InlineData("""<?xml version="1.0"?><!DOCTYPE xml [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><xml><Content>&xxe;</Content></xml>""")]
    [InlineData("""<!DOCTYPE xml [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]><xml><Encrypt>&b;</Encrypt></xml>""")]
    [InlineData("""<!DOCTYPE xml SYSTEM "http://127.0.0.1:1/evil.dtd"><xml><Encrypt>x</Encrypt></xml>""")]
    [InlineData("<xml><Encrypt>unclosed</xml>")]
    [InlineData("<html><Encrypt>x</Encrypt></html>")]
    public void Dtd_and_malformed_bodies_are_refused(string xml)
    {
        FluentActions.Invoking(() => WeComCallbackMessage.Parse(xml)).Should().ThrowExactly<WeComCallbackXmlException>();
        FluentActions.Invoking(() => WeComCallbackEnvelope.Parse(xml)).Should().ThrowExactly<WeComCallbackXmlException>();
    }

    [Fact]
    public void Decrypting_an_xxe_envelope_is_refused()
    {
        var crypto = new WeComCallbackCrypto("QDG6eK", "jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C", "wx5823bf96d3bd56c7");
        const string body = """<!DOCTYPE xml [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><xml><Encrypt>&xxe;</Encrypt></xml>""";
        FluentActions.Invoking(() => crypto.DecryptMessage("sig", "1", "2", body)).Should().ThrowExactly<WeComCallbackXmlException>();
    }
}
