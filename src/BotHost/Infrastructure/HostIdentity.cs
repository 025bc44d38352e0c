using System.Security.Cryptography;

namespace Attendance.BotHost.Infrastructure;

/// <summary>
/// This process's name in shared tables (outbox claims, job runs): <c>Outbox:HostName</c> when set, else machine,
/// process id and a random suffix, so two processes on one machine never share it. At most 64 characters.
/// </summary>
public sealed record HostIdentity(string Name)
{
    public static HostIdentity From(string? configured)
    {
        var name = configured is { Length: > 0 }
            ? configured
            : $"{Environment.MachineName}:{Environment.ProcessId}:{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4))}";
        return new HostIdentity(name.Length > 64 ? name[^64..] : name);
    }
}
