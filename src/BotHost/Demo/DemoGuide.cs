using System.Text;
using Attendance.Data.Repositories;

namespace Attendance.BotHost.Demo;

/// <summary>What the console says under <c>--demo</c>: who the demo people are, and where to go next.</summary>
public static class DemoGuide
{
    /// <summary>The guide's text, built once the company is seeded; it is given the host's base URLs once it listens.</summary>
    public static async Task<Func<IReadOnlyList<string>, string>> WriteAsync(IServiceProvider services, string adminKey, bool simulated)
    {
        var departments = await services.GetRequiredService<DepartmentRepository>().ListAsync();
        var people = await services.GetRequiredService<EmployeeRepository>().ListAsync(new EmployeeQuery(Active: true, Limit: 50));
        var names = departments.ToDictionary(d => d.Id, d => d.Name);
        var table = new StringBuilder();
        foreach (var person in people.OrderBy(p => p.MainDepartmentId).ThenBy(p => p.UserId, StringComparer.Ordinal))
        {
            var roles = string.Join("、", DemoEndpoints.RolesOf(person, departments));
            table.Append(System.Globalization.CultureInfo.InvariantCulture,
                $"  {person.UserId,-10} {person.Name}  {names.GetValueOrDefault(person.MainDepartmentId, "")}  {roles}\n");
        }

        return addresses =>
        {
            var home = addresses.Count > 0 ? addresses[0] : "http://localhost:5000";
            var text = new StringBuilder();
            text.Append("\nDemo company seeded. People (userid, name, department, roles):\n").Append(table);
            text.Append(simulated
                ? $"\n  Chat as anyone (bot, alerts, digests, 补卡 cards): {home}/demo\n"
                : "\n  WeCom is configured: messages go to your real corp, so /demo (the simulated chat) is off.\n");
            text.Append(System.Globalization.CultureInfo.InvariantCulture, $"  Punch page (pick a demo person):              {home}/punch\n");
            text.Append(System.Globalization.CultureInfo.InvariantCulture, $"  Review page for supervisors:                  {home}/punch/review\n");
            text.Append(System.Globalization.CultureInfo.InvariantCulture, $"  HR console (as 李娜 HR, 张伟 supervisor, or the admin key): {home}/admin\n");
            text.Append(System.Globalization.CultureInfo.InvariantCulture, $"  Admin API key (Authorization: Bearer …):      {adminKey}\n");
            return text.ToString();
        };
    }

    /// <summary>The host's listening URLs, with wildcard hosts named as a browser on this machine reaches them.</summary>
    public static IReadOnlyList<string> Addresses(WebApplication app) =>
        [.. app.Urls.Select(u => u.Replace("://[::]", "://localhost", StringComparison.Ordinal).Replace("://0.0.0.0", "://localhost", StringComparison.Ordinal)
            .Replace("://+", "://localhost", StringComparison.Ordinal).Replace("://*", "://localhost", StringComparison.Ordinal))
            .OrderBy(u => u.StartsWith("https", StringComparison.Ordinal) ? 1 : 0)];
}
