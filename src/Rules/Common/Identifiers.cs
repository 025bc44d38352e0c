using System.Text.RegularExpressions;

namespace Attendance.Rules.Common;

/// <summary>Formats of the identifiers that come from outside: WeCom userids and our caller-chosen ids.</summary>
public static partial class Identifiers
{
    /// <summary>
    /// WeCom userids are 1–64 characters of letters, digits and <c>_ - . @</c> (case-insensitive in WeCom).
    /// </summary>
    public static bool IsUserId(string? value) => value is not null && UserIdPattern().IsMatch(value);

    /// <summary>Ids chosen by the caller for sites, shifts and similar: 1–64 of letters, digits, <c>_ -</c>.</summary>
    public static bool IsSlug(string? value) => value is not null && SlugPattern().IsMatch(value);

    /// <summary>WeCom department ids are positive 32-bit integers (1 is the root).</summary>
    public static bool IsDepartmentId(long value) => value is >= 1 and <= int.MaxValue;

    public const string UserIdRule = "must be 1-64 characters of letters, digits, '_', '-', '.', '@'";
    public const string SlugRule = "must be 1-64 characters of letters, digits, '_' or '-'";

    [GeneratedRegex("^[A-Za-z0-9_.@-]{1,64}$", RegexOptions.CultureInvariant)]
    private static partial Regex UserIdPattern();

    [GeneratedRegex("^[A-Za-z0-9_-]{1,64}$", RegexOptions.CultureInvariant)]
    private static partial Regex SlugPattern();
}
