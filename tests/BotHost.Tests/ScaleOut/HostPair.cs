using Amazon.S3.Model;
using Attendance.BotHost.Configuration;
using Attendance.BotHost.Punching.Photos;
using Attendance.Testing.Storage;

namespace Attendance.BotHost.Tests.ScaleOut;

/// <summary>
/// Two host processes (<c>host-a</c>, <c>host-b</c>) started from the built host on one fresh PostgreSQL database, one
/// S3 bucket prefix and one WeCom simulator, with 总部 (department 1), 李娜 (lina) and the 上海总部 site set up through A.
/// </summary>
public sealed class HostPair : IAsyncDisposable
{
    public const double Latitude = 31.230416;
    public const double Longitude = 121.473701;

    private TestDatabase? _db;
    private readonly string _prefix = $"p{Guid.NewGuid():N}/";

    private HostPair(TestS3 s3, WeComSimulator wecom)
    {
        S3 = s3;
        WeCom = wecom;
    }

    public HostProcess A { get; private set; } = null!;

    public HostProcess B { get; private set; } = null!;

    public WeComSimulator WeCom { get; }

    public TestS3 S3 { get; }

    /// <summary>The shared database, for what no API shows (the audit details of a background check).</summary>
    public TestDatabase Database => _db!;

    /// <summary>Starts both hosts with the common settings plus <paramref name="extra"/> (later settings win).</summary>
    public static Task<HostPair> StartAsync(params string[] extra) => StartAsync(extra, []);

    /// <summary>As <see cref="StartAsync(string[])"/>, with <paramref name="onlyA"/> given to host A alone.</summary>
    public static async Task<HostPair> StartAsync(string[] extra, string[] onlyA)
    {
        var s3 = TestS3.RequireOrSkip();
        var pair = new HostPair(s3, await WeComSimulator.StartAsync());
        try
        {
            await pair.StartHostsAsync(extra, onlyA);
            return pair;
        }
        catch
        {
            await pair.DisposeAsync();
            throw;
        }
    }

    private async Task StartHostsAsync(string[] extra, string[] onlyA)
    {
        _db = await TestDatabase.CreateAsync(DatabaseProvider.Postgres);
        WeCom.AddDepartment(new SimulatedDepartment(1, "总部", 0));
        WeCom.AddUser(new SimulatedUser("lina", "李娜", [1]));
        string[] settings =
        [
            "--environment=Development",
            "--Database:Provider=postgres", $"--Database:ConnectionString={_db.ConnectionString}", "--Database:MigrateOnStart=false",
            $"--Security:AdminKeys:0={TestHost.AdminKey}",
            $"--Security:SessionSigningKey={Convert.ToBase64String([.. Enumerable.Range(1, 32).Select(i => (byte)i)])}",
            $"--Security:DataEncryptionKey={Convert.ToBase64String([.. Enumerable.Range(7, 32).Select(i => (byte)i)])}",
            "--Security:DevLogin=true", "--Scheduling:Enabled=false",
            "--Logging:LogLevel:Default=Warning", "--Logging:LogLevel:Microsoft.Hosting.Lifetime=Warning",
            .. S3.HostArgs(_prefix),
            .. WeCom.HostArgs(), "--Outbox:PollInterval=00:00:00.100",
            // Tests ask until a change arrives; the request budget is not what they are about.
            "--Punching:PerUserPerMinute=100000", "--Punching:PerUserRequestsPerMinute=100000", "--Punching:PerIpPerMinute=100000",
            .. extra,
        ];
        var hosts = await Task.WhenAll(HostProcess.StartAsync([.. settings, .. onlyA, "--Outbox:HostName=host-a"]),
            HostProcess.StartAsync([.. settings, "--Outbox:HostName=host-b"]));
        (A, B) = (hosts[0], hosts[1]);
        await AdminOkAsync(A, HttpMethod.Put, "/api/admin/departments/1", new { name = "总部" });
        await AdminOkAsync(A, HttpMethod.Put, "/api/admin/employees/lina", new { name = "李娜", departmentIds = new[] { 1 } });
        await AdminOkAsync(A, HttpMethod.Put, "/api/admin/sites/hq", new
        {
            name = "上海总部", coordinateSystem = "gcj02", circle = new { latitude = Latitude, longitude = Longitude, radiusMeters = 300 },
            departmentIds = new[] { 1 }, outOfRange = "exception",
        });
    }

    public HostProcess ByName(string name) => name switch
    {
        "host-a" => A,
        "host-b" => B,
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, "not a host of this pair"),
    };

    public HostProcess Other(HostProcess host) => ReferenceEquals(host, A) ? B : A;

    public static Dictionary<string, object?> Punch(string id, double latitude, double longitude) => new()
    {
        ["clientPunchId"] = id,
        ["kind"] = "in",
        ["location"] = new { latitude, longitude, accuracy = 15, coordinateSystem = "gcj02" },
    };

    public static async Task<(HttpStatusCode Status, string Text)> SendAsync(HostProcess host, HttpMethod method, string path, object? body = null,
        string? bearer = null)
    {
        var response = await host.Client.SendAsync(host.Request(method, path, body, bearer));
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    public static Task<(HttpStatusCode Status, string Text)> PunchAsync(HostProcess host, object body, string token) =>
        SendAsync(host, HttpMethod.Post, "/api/punches", body, token);

    public static async Task<string> TokenAsync(HostProcess host, string userId)
    {
        var (status, text) = await SendAsync(host, HttpMethod.Post, "/api/sessions/dev", new { userId });
        ((int)status).Should().BeInRange(200, 299, text);
        return JsonDocument.Parse(text).RootElement.GetProperty("token").GetString()!;
    }

    public static async Task<JsonElement> AdminOkAsync(HostProcess host, HttpMethod method, string path, object? body = null)
    {
        var (status, text) = await SendAsync(host, method, path, body, TestHost.AdminKey);
        ((int)status).Should().BeInRange(200, 299, $"{method} {path}: {text}\n{host.Output}");
        return text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone();
    }

    /// <summary>Waits until the shared outbox has no pending row: a second delivery would have been attempted by then.</summary>
    public static Task WaitForOutboxDrainedAsync(HostProcess host) =>
        Eventually.UntilAsync(async () => (await AdminOkAsync(host, HttpMethod.Get, "/api/admin/outbox?state=pending&limit=1")).GetArrayLength(),
            pending => pending == 0, TimeSpan.FromSeconds(60), "an empty outbox");

    /// <summary>The keys of the photo objects under this pair's prefix.</summary>
    public async Task<List<string>> PhotoObjectsAsync()
    {
        var options = new PhotoStoreOptions
        {
            Kind = "s3", Endpoint = S3.Endpoint, Bucket = S3.Bucket, AccessKey = S3.AccessKey, SecretKey = S3.SecretKey, Prefix = _prefix,
        };
        using var client = S3PhotoStore.CreateClient(options);
        var page = await client.ListObjectsV2Async(new ListObjectsV2Request { BucketName = S3.Bucket, Prefix = _prefix });
        return [.. (page.S3Objects ?? []).Select(o => o.Key)];
    }

    public async ValueTask DisposeAsync()
    {
        if (A is not null)
        {
            await A.DisposeAsync();
        }

        if (B is not null)
        {
            await B.DisposeAsync();
        }

        if (_db is not null)
        {
            await _db.DisposeAsync();
        }

        await WeCom.DisposeAsync();
    }
}
