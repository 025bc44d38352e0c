namespace Attendance.BotHost.Jobs;

/// <summary>The <c>Scheduling</c> configuration section.</summary>
public sealed class SchedulingOptions
{
    public const string Section = "Scheduling";

    /// <summary>Runs the Quartz scheduler; off, jobs still run through the trigger endpoint (tests turn it off).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>How often a clustered node checks in; a node silent for twice this is presumed dead and its jobs recovered.</summary>
    public TimeSpan CheckinInterval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>A fire time missed by more than this counts as a misfire (its job's misfire policy applies).</summary>
    public TimeSpan MisfireThreshold { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Per-job cron overrides (<c>Scheduling:Jobs:directory-sync=0 0 3 * * ?</c>); an empty value unschedules.</summary>
    public Dictionary<string, string> Jobs { get; set; } = new(StringComparer.Ordinal);

    public IEnumerable<string> Validate()
    {
        if (CheckinInterval < TimeSpan.FromSeconds(1)) yield return "Scheduling:CheckinInterval must be at least 1 second.";
        if (MisfireThreshold < TimeSpan.FromSeconds(1)) yield return "Scheduling:MisfireThreshold must be at least 1 second.";
        foreach (var (name, cron) in Jobs)
        {
            if (!string.IsNullOrWhiteSpace(cron) && !Quartz.CronExpression.TryParse(cron, out _))
            {
                yield return $"Scheduling:Jobs:{name} '{cron}' is not a valid Quartz cron expression (e.g. 0 30 9 ? * MON-FRI).";
            }
        }
    }
}
