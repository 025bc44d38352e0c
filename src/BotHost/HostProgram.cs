namespace Attendance.BotHost;

public static class HostProgram
{
    public static async Task<int> RunAsync(string[] args)
    {
        var builder = WebApplication.CreateBuilder(args);
        var app = builder.Build();
        app.MapGet("/healthz", () => Results.Text("ok"));
        await app.RunAsync();
        return 0;
    }
}
