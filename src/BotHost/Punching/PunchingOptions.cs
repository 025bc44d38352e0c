namespace Attendance.BotHost.Punching;

/// <summary>
/// The <c>Punching</c> configuration section: photo cap, rate limits, how often other hosts' site changes are polled,
/// and whether location needs the employee's consent first.
/// </summary>
public sealed class PunchingOptions
{
    public const string Section = "Punching";

    public int MaxPhotoBytes { get; set; } = 5 * 1024 * 1024;

    /// <summary>
    /// The most pixels (width × height, as the photo's header declares them, read before decoding) a punch or
    /// enrolment photo may have: 16 MP by default (16,777,216), above a 4624×3472 phone capture. Decoding takes
    /// 4 bytes per pixel, at most one photo per core at a time.
    /// </summary>
    public int MaxPhotoPixels { get; set; } = 16 * 1024 * 1024;

    /// <summary>
    /// Valid punches one employee may submit per minute (replays count too: a stuck client must not hammer). Over it,
    /// a replay of an already-stored punch is still answered.
    /// </summary>
    public int PerUserPerMinute { get; set; } = 30;

    /// <summary>Invalid punches (400, 403, 409, 413, 415) one employee may send per minute, apart from the punch budget.</summary>
    public int ErrorsPerUserPerMinute { get; set; } = 10;

    /// <summary>Requests to <c>/api</c> per signed-in employee per minute (all routes, punches included).</summary>
    public int PerUserRequestsPerMinute { get; set; } = 300;

    /// <summary>
    /// Unauthenticated requests to <c>/api</c> per client address per minute (logins in a bucket of their own);
    /// signed-in employees never share it. A whole office behind one NAT shares it.
    /// </summary>
    public int PerIpPerMinute { get; set; } = 600;

    public int SiteRefreshSeconds { get; set; } = 3;

    /// <summary>
    /// How soon a schedule change made on another host (a shift, a roster, the calendar, a department's zone) is used
    /// to date punches here; a change through this host is used at once.
    /// </summary>
    public int ScheduleRefreshSeconds { get; set; } = 10;

    /// <summary>
    /// False (the default): a punch's location is used unless the employee withdrew consent
    /// (<c>PUT /api/me/consents/location</c>). True: only after the employee granted it; until then the place is shown
    /// by Wi-Fi alone. Companies whose privacy notice asks for location consent up front set it to true.
    /// </summary>
    public bool RequireLocationConsent { get; set; }

    /// <summary>
    /// SQLite only: the most punches of the last 90 days the in-memory anti-cheat history holds (about 250 bytes each);
    /// with more, the host reads the history with SQL instead. 0 turns the window off.
    /// </summary>
    public int HistoryWindowMaxPunches { get; set; } = 1_000_000;

    /// <summary>The version of the location notice the employee is shown, recorded with each grant or withdrawal.</summary>
    public string LocationConsentNoticeVersion { get; set; } = "2026-11";

    public IEnumerable<string> Validate()
    {
        if (MaxPhotoBytes is < 1024 or > 15 * 1024 * 1024)
        {
            yield return "Punching:MaxPhotoBytes must be between 1024 and 15728640 (the host's body limit is 16 MB).";
        }

        if (MaxPhotoPixels is < 1 or > 50_000_000)
        {
            yield return "Punching:MaxPhotoPixels must be between 1 and 50000000 (decoding takes 4 bytes per pixel).";
        }

        if (PerUserPerMinute < 1)
        {
            yield return "Punching:PerUserPerMinute must be at least 1.";
        }

        if (ErrorsPerUserPerMinute < 1)
        {
            yield return "Punching:ErrorsPerUserPerMinute must be at least 1.";
        }

        if (PerUserRequestsPerMinute < 1)
        {
            yield return "Punching:PerUserRequestsPerMinute must be at least 1.";
        }

        if (PerIpPerMinute < 1)
        {
            yield return "Punching:PerIpPerMinute must be at least 1.";
        }

        if (SiteRefreshSeconds is < 0 or > 300)
        {
            yield return "Punching:SiteRefreshSeconds must be between 0 and 300.";
        }

        if (ScheduleRefreshSeconds is < 0 or > 300)
        {
            yield return "Punching:ScheduleRefreshSeconds must be between 0 and 300.";
        }

        if (HistoryWindowMaxPunches < 0)
        {
            yield return "Punching:HistoryWindowMaxPunches must be 0 (off) or more.";
        }

        if (string.IsNullOrWhiteSpace(LocationConsentNoticeVersion) || LocationConsentNoticeVersion.Length > 64)
        {
            yield return "Punching:LocationConsentNoticeVersion must be 1 to 64 characters.";
        }
    }
}
