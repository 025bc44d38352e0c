using System.Globalization;
using System.Threading.Channels;
using Attendance.BotHost.Days;
using Attendance.Data;
using Attendance.Data.Repositories;
using Attendance.Rules.Commands;
using Attendance.WeCom.Client;

namespace Attendance.BotHost.Bot;

/// <summary>One 导出 waiting for the worker: whose scope, which month and department, and the callback it answers.</summary>
public sealed record ExportJob(BotCaller Caller, int Year, int Month, long? DepartmentId, string Key);

/// <summary>
/// 导出: authorizes, audits and acknowledges at once (正在生成…); the xlsx is built, uploaded with media/upload and
/// sent as a file message by <see cref="BotExportWorker"/>, so the callback dispatcher is never held up by it.
/// </summary>
public sealed class BotExports(BotDirectory directory, AuditRepository audit)
{
    public const int QueueCapacity = 100;

    private readonly Channel<ExportJob> _queue = Channel.CreateBounded<ExportJob>(new BoundedChannelOptions(QueueCapacity)
    {
        FullMode = BoundedChannelFullMode.Wait,
        SingleReader = true,
    });

    public ChannelReader<ExportJob> Reader => _queue.Reader;

    /// <summary>The immediate reply (正在生成…, 无权限, or why not); the file follows when the worker is done.</summary>
    public async Task<string> RequestAsync(BotCaller caller, ExportCommand command, string key, CancellationToken cancellationToken)
    {
        if (!caller.Scope.IsEveryone && !caller.Scope.IsSupervisor)
        {
            return BotText.Denied;
        }

        long? departmentId = null;
        if (command.Department is { } name)
        {
            var (matches, _) = await directory.FindDepartmentsAsync(name, cancellationToken);
            var visible = matches.Where(d => caller.Scope.CanSeeDepartment(d.Id)).ToList();
            if (visible.Count == 0)
            {
                return matches.Count == 0 && caller.Scope.IsEveryone ? $"没有找到部门「{BotText.Clip(name, 32)}」。" : BotText.Denied;
            }

            if (visible.Count > 1)
            {
                return $"有 {visible.Count} 个部门叫「{visible[0].Name}」，请用部门编号：" +
                       string.Join("、", visible.Select(d => d.Id.ToString(CultureInfo.InvariantCulture))) + "。";
            }

            departmentId = visible[0].Id;
        }

        var month = string.Create(CultureInfo.InvariantCulture, $"{command.Year:D4}-{command.Month:D2}");
        if (!_queue.Writer.TryWrite(new ExportJob(caller, command.Year, command.Month, departmentId, key)))
        {
            return BotText.ExportBusy;
        }

        await audit.AppendAsync(caller.Actor, "bot.export", "report", month, DataJson.Serialize(new { via = "bot", departmentId }), cancellationToken);
        return BotText.Generating;
    }
}

/// <summary>Builds, uploads and sends queued exports one at a time; a failure tells the employee once.</summary>
public sealed class BotExportWorker(
    BotExports exports,
    MonthlyReportService reports,
    DayService days,
    BotDays group,
    BotReplies replies,
    IServiceProvider services,
    ILogger<BotExportWorker> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await foreach (var job in exports.Reader.ReadAllAsync(stoppingToken))
        {
            try
            {
                var mediaId = await BuildAndUploadAsync(job, stoppingToken);
                await replies.FileAsync(job.Caller.UserId, job.Key, mediaId, stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
            {
                logger.LogError(e, "Bot export of {Year}-{Month} for {UserId} failed", job.Year, job.Month, job.Caller.UserId);
                try
                {
                    await replies.TextAsync(job.Caller.UserId, job.Key + ":export-failed", BotText.ExportFailed, stoppingToken);
                }
                catch (Exception inner) when (inner is not OperationCanceledException)
                {
                    logger.LogError(inner, "Could not queue the export failure notice for {UserId}", job.Caller.UserId);
                }
            }
        }
    }

    private async Task<string> BuildAndUploadAsync(ExportJob job, CancellationToken cancellationToken)
    {
        var first = new DateOnly(job.Year, job.Month, 1);
        await group.ForAsync(first, first.AddMonths(1).AddDays(-1), [.. await days.ListEmployeesAsync(first, cancellationToken)], cancellationToken);
        var report = await reports.BuildAsync(first, job.DepartmentId, cancellationToken: cancellationToken);
        if (!job.Caller.Scope.IsEveryone)
        {
            var people = (await days.ListEmployeesAsync(first, cancellationToken)).ToDictionary(e => e.UserId, StringComparer.OrdinalIgnoreCase);
            report = report with
            {
                Employees = [.. report.Employees.Where(r => people.TryGetValue(r.UserId, out var e) && job.Caller.Scope.CanSee(e))],
            };
        }

        var bytes = await MonthlyReportFormats.XlsxAsync(report, cancellationToken);
        var client = services.GetRequiredService<WeComClient>();
        var uploaded = await client.ExecuteCgiBinMediaUploadAsync("file", bytes, MonthlyReportFormats.FileName(report, "xlsx"),
            MonthlyReportFormats.XlsxContentType, cancellationToken);
        return uploaded.MediaId is { Length: > 0 } id ? id : throw new InvalidOperationException("media/upload answered without a media_id");
    }
}
