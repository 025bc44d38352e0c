using Attendance.WeCom.Simulator;

namespace Attendance.Testing.WeCom;

/// <summary>The one place a test host is pointed at a simulated corp: its ids, secret, callback keys and address.</summary>
public static class SimulatorHostArgs
{
    /// <summary>The command-line settings that connect a host to <paramref name="wecom"/>, as a real corp's would.</summary>
    public static string[] HostArgs(this WeComSimulator wecom) =>
    [
        $"--WeCom:CorpId={wecom.CorpId}", $"--WeCom:AgentId={wecom.AgentId}", $"--WeCom:AgentSecret={wecom.AgentSecret}",
        $"--WeCom:CallbackToken={wecom.CallbackToken}", $"--WeCom:CallbackEncodingAESKey={wecom.CallbackEncodingAESKey}",
        $"--WeCom:ApiBaseUrl={wecom.BaseUrl}",
    ];
}
