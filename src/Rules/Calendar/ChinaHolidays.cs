namespace Attendance.Rules.Calendar;

/// <summary>
/// Official public holidays and 调休 make-up workdays of mainland China, as seed data HR can override.
/// 2025: 国务院办公厅关于2025年部分节假日安排的通知 (国办发明电〔2024〕12号, 2024-11-12), the first year under the
/// revised 全国年节及纪念日放假办法 (Spring Festival and Labour Day one day longer).
/// 2026: 国务院办公厅关于2026年部分节假日安排的通知 (2025-11-04, published by Xinhua). The document number
/// 国办发明电〔2025〕7号 is as we were told and could not be checked against the original; the dates below were
/// checked against the notice text.
/// Add a year here when the State Council publishes it (usually in November of the year before).
/// </summary>
public static class ChinaHolidays
{
    public static IReadOnlyList<CalendarDay> All { get; } = Build();

    private static CalendarDay[] Build()
    {
        var days = new List<CalendarDay>(80);

        // 2025
        Holidays(days, "元旦", new(2025, 1, 1), new(2025, 1, 1));
        Holidays(days, "春节", new(2025, 1, 28), new(2025, 2, 4));
        MakeUp(days, "春节调休上班", new(2025, 1, 26), new(2025, 2, 8));
        Holidays(days, "清明节", new(2025, 4, 4), new(2025, 4, 6));
        Holidays(days, "劳动节", new(2025, 5, 1), new(2025, 5, 5));
        MakeUp(days, "劳动节调休上班", new(2025, 4, 27));
        Holidays(days, "端午节", new(2025, 5, 31), new(2025, 6, 2));
        Holidays(days, "国庆节、中秋节", new(2025, 10, 1), new(2025, 10, 8));
        MakeUp(days, "国庆节调休上班", new(2025, 9, 28), new(2025, 10, 11));

        // 2026
        Holidays(days, "元旦", new(2026, 1, 1), new(2026, 1, 3));
        MakeUp(days, "元旦调休上班", new(2026, 1, 4));
        Holidays(days, "春节", new(2026, 2, 15), new(2026, 2, 23));
        MakeUp(days, "春节调休上班", new(2026, 2, 14), new(2026, 2, 28));
        Holidays(days, "清明节", new(2026, 4, 4), new(2026, 4, 6));
        Holidays(days, "劳动节", new(2026, 5, 1), new(2026, 5, 5));
        MakeUp(days, "劳动节调休上班", new(2026, 5, 9));
        Holidays(days, "端午节", new(2026, 6, 19), new(2026, 6, 21));
        Holidays(days, "中秋节", new(2026, 9, 25), new(2026, 9, 27));
        Holidays(days, "国庆节", new(2026, 10, 1), new(2026, 10, 7));
        MakeUp(days, "国庆节调休上班", new(2026, 9, 20), new(2026, 10, 10));
        return [.. days];
    }

    private static void Holidays(List<CalendarDay> days, string name, DateOnly first, DateOnly last)
    {
        for (var d = first; d <= last; d = d.AddDays(1))
        {
            days.Add(new CalendarDay(d, CalendarEntryKind.Holiday, name));
        }
    }

    private static void MakeUp(List<CalendarDay> days, string name, DateOnly date) =>
        days.Add(new CalendarDay(date, CalendarEntryKind.Workday, name));

    private static void MakeUp(List<CalendarDay> days, string name, DateOnly first, DateOnly second)
    {
        MakeUp(days, name, first);
        MakeUp(days, name, second);
    }
}
