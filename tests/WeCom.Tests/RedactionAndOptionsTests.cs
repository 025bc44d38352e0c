using Microsoft.Extensions.Options;

namespace Attendance.WeCom.Tests;

public sealed class RedactionAndOptionsTests
{
    [Theory]
    [InlineData("https://qyapi.weixin.qq.com/cgi-bin/message/send?access_token=SECRET", "https://qyapi.weixin.qq.com/cgi-bin/message/send?access_token=***")]
    [InlineData("https://h/cgi-bin/gettoken?corpid=ww1&corpsecret=S3cr3t", "https://h/cgi-bin/gettoken?corpid=ww1&corpsecret=***")]
    [InlineData("https://h/cgi-bin/webhook/send?key=abc-123&debug=1", "https://h/cgi-bin/webhook/send?key=***&debug=1")]
    [InlineData("https://h/cgi-bin/media/get?media_id=m1&ACCESS_TOKEN=x#frag", "https://h/cgi-bin/media/get?media_id=m1&ACCESS_TOKEN=***#frag")]
    [InlineData("https://h/cgi-bin/user/get?userid=monkey", "https://h/cgi-bin/user/get?userid=monkey")]
    [InlineData("", "")]
    public void Redacts_secret_query_values(string url, string expected) => WeComRedaction.Redact(url).Should().Be(expected);

    [Fact]
    public void Validation_names_each_bad_key()
    {
        var options = new WeComOptions { CorpId = "", AgentSecret = "", AgentId = "abc", ApiBaseUrl = "ftp://x", CallbackToken = "bad token!", CallbackEncodingAESKey = "short" };
        var api = options.ValidateApi();
        api.Should().Contain("WeCom:CorpId is required");
        api.Should().Contain("WeCom:AgentSecret is required");
        api.Should().Contain("WeCom:AgentId must be a number");
        api.Should().Contain("WeCom:ApiBaseUrl must be an absolute http(s) URL");
        var callback = options.ValidateCallback();
        callback.Should().Contain("WeCom:CallbackEncodingAESKey must be 43 characters");
        callback.Should().Contain("WeCom:CallbackToken must be at most 32 letters or digits");
    }

    [Fact]
    public void Valid_options_pass()
    {
        var options = new WeComOptions { CorpId = "ww1", AgentId = "1000002", AgentSecret = "s", CallbackToken = "QDG6eK", CallbackEncodingAESKey = "jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C" };
        options.ValidateApi().Should().BeEmpty();
        options.ValidateCallback().Should().BeEmpty();
    }

    [Fact]
    public void Di_refuses_bad_configuration_with_the_key_name()
    {
        using var provider = new ServiceCollection().AddLogging().AddWeComClient(o => o.CorpId = "ww1").BuildServiceProvider();
        var error = FluentActions.Invoking(() => provider.GetRequiredService<WeComClient>()).Should().ThrowExactly<OptionsValidationException>().Which;
        error.Message.Should().Contain("WeCom:AgentSecret is required");
    }
}
