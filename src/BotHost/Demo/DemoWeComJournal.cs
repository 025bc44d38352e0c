namespace Attendance.BotHost.Demo;

/// <summary>
/// Keeps the demo's chat history on disk while it runs (every couple of seconds when something arrived) and once more
/// at shutdown, so a second <c>--demo</c> run shows the cards and digests of the first: the pending 补卡 card stays
/// clickable though the database holds the request from the earlier run.
/// </summary>
public sealed class DemoWeComJournal(DemoWeCom wecom, ILogger<DemoWeComJournal> logger) : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(2);

    private int _saved = -1;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            Save();
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        Save();
    }

    private void Save()
    {
        var seen = wecom.Simulator.Messages.Count + wecom.Simulator.Media.Count;
        if (seen == _saved || wecom.StateFile is null)
        {
            return;
        }

        try
        {
            wecom.SaveState();
            _saved = seen;
        }
        catch (IOException e)
        {
            logger.LogWarning(e, "Could not save the demo's chat history to {File}; will try again", wecom.StateFile);
        }
    }
}
