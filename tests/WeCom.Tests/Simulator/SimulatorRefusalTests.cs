using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace Attendance.WeCom.Tests.Simulator;

/// <summary>
/// The fake refuses what the official pages say WeCom refuses (add_checkin_record 99647, jscode2session 96959,
/// getuserinfo 96442, jsapi_ticket 90454), spoken to over raw HTTP so nothing of our client smooths a request over.
/// </summary>
public sealed class SimulatorRefusalTests : IAsyncLifetime
{
    private readonly FakeTimeProvider _time = new(DateTimeOffset.FromUnixTimeSeconds(1_780_000_000));
    private readonly HttpClient _http = new();
    private WeComSimulator _server = null!;
    private string _token = "";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _server = await WeComSimulator.StartAsync(Ct);
        _server.TimeProvider = _time;
        var token = await GetAsync($"/cgi-bin/gettoken?corpid={_server.CorpId}&corpsecret={_server.AgentSecret}");
        _token = token["access_token"]!.GetValue<string>();
    }

    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        await _server.DisposeAsync();
    }

    public static TheoryData<string, int> BadRecords => new()
    {
        { """{"userid":"zhangsan","checkin_time":1780000000,"device_type":3,"device_detail":"device-ddddddddddddddddddddddddddddddddddd"}""", 40058 },
        { """{"userid":"zhangsan","checkin_time":1780000000,"wifiname":"HQ"}""", 40058 },
        { """{"userid":"zhangsan","checkin_time":1780000000,"wifiname":"HQ","wifimac":"AA-BB-CC-DD-EE-01"}""", 40058 },
        { """{"userid":"zhangsan","checkin_time":1780000000,"wifimac":"aa:bb:cc:dd:ee"}""", 40058 },
        { """{"userid":"zhangsan","checkin_time":1780000000,"mediaids":["m1","m2"]}""", 40058 },
        { """{"userid":"zhangsan","checkin_time":1780000000,"lat":90000001,"lng":121473701}""", 40058 },
        { """{"userid":"zhangsan","checkin_time":1780000000,"lat":31230416.5,"lng":121473701}""", 40058 },
        { """{"userid":"zhangsan","checkin_time":1780000000,"device_type":4}""", 40058 },
        { """{"userid":"zhangsan","checkin_time":0}""", 40058 },
        { """{"checkin_time":1780000000}""", 41009 },
    };

    [Theory]
    [MemberData(nameof(BadRecords))]
    public async Task One_bad_record_refuses_the_whole_batch_and_nothing_is_stored(string bad, int errcode)
    {
        var good = """{"userid":"lisi","checkin_time":1780000000,"device_type":3,"wifiname":"HQ","wifimac":"aa:bb:cc:dd:ee:01","lat":31230416,"lng":121473701}""";
        var answer = await PostAsync("/cgi-bin/checkin/add_checkin_record", $$"""{"records":[{{good}},{{bad}}]}""");
        answer["errcode"]!.GetValue<int>().Should().Be(errcode);
        _server.AddedCheckinRecords.Should().BeEmpty();

        (await PostAsync("/cgi-bin/checkin/add_checkin_record", $$"""{"records":[{{good}}]}"""))["errcode"]!.GetValue<int>().Should().Be(0);
        _server.AddedCheckinRecords.Should().ContainSingle();
    }

    [Fact]
    public async Task Batches_hold_one_to_200_records_of_members_the_directory_knows()
    {
        var records = string.Join(',', Enumerable.Repeat("""{"userid":"lisi","checkin_time":1780000000}""", 201));
        (await PostAsync("/cgi-bin/checkin/add_checkin_record", $$"""{"records":[{{records}}]}"""))["errcode"]!.GetValue<int>().Should().Be(40058);
        (await PostAsync("/cgi-bin/checkin/add_checkin_record", """{"records":[]}"""))["errcode"]!.GetValue<int>().Should().Be(40063);

        _server.AddUser(new SimulatedUser("lisi", "李四", [1]));
        var unknown = await PostAsync("/cgi-bin/checkin/add_checkin_record", """{"records":[{"userid":"lisi","checkin_time":1780000000},{"userid":"ghost","checkin_time":1780000000}]}""");
        unknown["errcode"]!.GetValue<int>().Should().Be(WeComErrorCodes.UserNotFound);
        _server.AddedCheckinRecords.Should().BeEmpty();
    }

    [Fact]
    public async Task Jscode2session_wants_js_code_and_grant_type_and_names_the_corp()
    {
        _server.AddMemberCode("c1", "zhangsan");
        (await Code2SessionAsync("code=c1&grant_type=authorization_code"))["errcode"]!.GetValue<int>().Should().Be(41008);
        (await Code2SessionAsync("js_code=c1"))["errcode"]!.GetValue<int>().Should().Be(40063);
        (await Code2SessionAsync("js_code=c1&grant_type=client_credential"))["errcode"]!.GetValue<int>().Should().Be(40058);

        var ok = await Code2SessionAsync("js_code=c1&grant_type=authorization_code");
        ok["corpid"]!.GetValue<string>().Should().Be(_server.CorpId);
        (await Code2SessionAsync("js_code=c1&grant_type=authorization_code"))["errcode"]!.GetValue<int>().Should().Be(WeComErrorCodes.InvalidCode);

        _server.AddMemberCode("c2", "zhangsan", corpId: "wwother0123456789");
        (await Code2SessionAsync("js_code=c2&grant_type=authorization_code"))["corpid"]!.GetValue<string>().Should().Be("wwother0123456789");

        var huge = new string('a', 513);
        _server.AddMemberCode(huge, "zhangsan");
        (await Code2SessionAsync($"js_code={huge}&grant_type=authorization_code"))["errcode"]!.GetValue<int>().Should().Be(WeComErrorCodes.InvalidCode);
    }

    [Fact]
    public async Task A_login_code_unused_for_five_minutes_has_expired()
    {
        _server.AddMemberCode("slow", "zhangsan");
        _server.AddMemberCode("fresh", "zhangsan");
        _time.Advance(TimeSpan.FromMinutes(5) + TimeSpan.FromSeconds(1));
        _server.AddMemberCode("late-but-new", "zhangsan");

        (await Code2SessionAsync("js_code=slow&grant_type=authorization_code"))["errcode"]!.GetValue<int>().Should().Be(WeComErrorCodes.InvalidCode);
        (await GetAsync($"/cgi-bin/auth/getuserinfo?access_token={_token}&code=fresh"))["errcode"]!.GetValue<int>().Should().Be(WeComErrorCodes.InvalidCode);
        (await GetAsync($"/cgi-bin/auth/getuserinfo?access_token={_token}&code=late-but-new"))["userid"]!.GetValue<string>().Should().Be("zhangsan");
    }

    [Fact]
    public async Task Getuserinfo_wants_code_and_refuses_a_code_of_another_corp()
    {
        (await GetAsync($"/cgi-bin/auth/getuserinfo?access_token={_token}&js_code=x"))["errcode"]!.GetValue<int>().Should().Be(41008);
        _server.AddMemberCode("elsewhere", "zhangsan", corpId: "wwother0123456789");
        (await GetAsync($"/cgi-bin/auth/getuserinfo?access_token={_token}&code=elsewhere"))["errcode"]!.GetValue<int>().Should().Be(WeComErrorCodes.InvalidCode);
    }

    [Fact]
    public async Task An_app_gets_100_JS_SDK_tickets_an_hour_across_both_kinds()
    {
        for (var i = 0; i < 50; i++)
        {
            (await GetAsync($"{JsApiApis.GetJsApiTicket}?access_token={_token}"))["errcode"]!.GetValue<int>().Should().Be(0);
            (await GetAsync($"{JsApiApis.TicketGet}?access_token={_token}&type=agent_config"))["errcode"]!.GetValue<int>().Should().Be(0);
        }

        (await GetAsync($"{JsApiApis.GetJsApiTicket}?access_token={_token}"))["errcode"]!.GetValue<int>().Should().Be(WeComErrorCodes.FrequencyLimited);
        (await GetAsync($"{JsApiApis.TicketGet}?access_token={_token}&type=jsapi"))["errcode"]!.GetValue<int>().Should().Be(40058);
        _time.Advance(TimeSpan.FromHours(1));
        (await GetAsync($"{JsApiApis.GetJsApiTicket}?access_token={_token}"))["errcode"]!.GetValue<int>().Should().Be(0);
    }

    private Task<JsonNode> Code2SessionAsync(string query) => GetAsync($"/cgi-bin/miniprogram/jscode2session?access_token={_token}&{query}");

    [Fact]
    public async Task The_duplicate_check_drops_the_same_request_within_its_window_and_only_when_asked()
    {
        _server.AddUser(new SimulatedUser("lina", "李娜", [1]));
        string Text(string content, string check) =>
            $$"""{"touser":"lina","msgtype":"text","agentid":{{_server.AgentId}},"text":{"content":"{{content}}"}{{check}}}""";
        const string Checked = ""","enable_duplicate_check":1,"duplicate_check_interval":300""";

        foreach (var body in new[] { Text("一", Checked), Text("一", Checked), Text("二", Checked), Text("三", ""), Text("三", "") })
        {
            (await PostAsync("/cgi-bin/message/send", body))["errcode"]!.GetValue<int>().Should().Be(0, body);
        }

        _server.Messages.Select(m => JsonNode.Parse(m.Json)!["text"]!["content"]!.GetValue<string>()).Should().Equal("一", "二", "三", "三");
        _server.SuppressedDuplicates.Should().ContainSingle().Which.Should().Be(Text("一", Checked));

        _time.Advance(TimeSpan.FromSeconds(300));
        await PostAsync("/cgi-bin/message/send", Text("一", Checked));
        _server.Messages.Should().HaveCount(5, "the window of 300 s has passed");
    }

    [Theory]
    [InlineData(""","enable_duplicate_check":2""")]
    [InlineData(""","enable_duplicate_check":1,"duplicate_check_interval":14401""")]
    [InlineData(""","enable_duplicate_check":1,"duplicate_check_interval":0""")]
    public async Task A_duplicate_check_out_of_range_is_refused(string check)
    {
        var body = $$"""{"touser":"lina","msgtype":"text","agentid":{{_server.AgentId}},"text":{"content":"x"}{{check}}}""";
        (await PostAsync("/cgi-bin/message/send", body))["errcode"]!.GetValue<int>().Should().Be(40058);
        _server.Messages.Should().BeEmpty();
    }

    private async Task<JsonNode> GetAsync(string pathAndQuery) =>
        (await _http.GetFromJsonAsync<JsonNode>(_server.BaseUrl + pathAndQuery, Ct))!;

    private async Task<JsonNode> PostAsync(string path, string json)
    {
        using var content = new StringContent(json, System.Text.Encoding.UTF8, "application/json");
        using var response = await _http.PostAsync(new Uri($"{_server.BaseUrl}{path}?access_token={_token}"), content, Ct);
        return JsonNode.Parse(await response.Content.ReadAsStringAsync(Ct))!;
    }
}
