
namespace Attendance.Rules.Tests.Calendar;

public class WorkCalendarTests
{
    private static readonly WorkCalendar China = WorkCalendar.China();

    [Theory]
    // 2025 (国办发明电〔2024〕12号)
    [InlineData("2025-01-01", CalendarDayType.Holiday, "元旦")]
    [InlineData("2025-01-02", CalendarDayType.Workday, null)]
    [InlineData("2025-01-26", CalendarDayType.MakeUpWorkday, "春节调休上班")]
    [InlineData("2025-01-27", CalendarDayType.Workday, null)]
    [InlineData("2025-01-28", CalendarDayType.Holiday, "春节")]
    [InlineData("2025-02-04", CalendarDayType.Holiday, "春节")]
    [InlineData("2025-02-05", CalendarDayType.Workday, null)]
    [InlineData("2025-02-08", CalendarDayType.MakeUpWorkday, "春节调休上班")]
    [InlineData("2025-04-04", CalendarDayType.Holiday, "清明节")]
    [InlineData("2025-04-06", CalendarDayType.Holiday, "清明节")]
    [InlineData("2025-04-27", CalendarDayType.MakeUpWorkday, "劳动节调休上班")]
    [InlineData("2025-05-01", CalendarDayType.Holiday, "劳动节")]
    [InlineData("2025-05-05", CalendarDayType.Holiday, "劳动节")]
    [InlineData("2025-05-31", CalendarDayType.Holiday, "端午节")]
    [InlineData("2025-06-02", CalendarDayType.Holiday, "端午节")]
    [InlineData("2025-09-28", CalendarDayType.MakeUpWorkday, "国庆节调休上班")]
    [InlineData("2025-10-01", CalendarDayType.Holiday, "国庆节、中秋节")]
    [InlineData("2025-10-08", CalendarDayType.Holiday, "国庆节、中秋节")]
    [InlineData("2025-10-09", CalendarDayType.Workday, null)]
    [InlineData("2025-10-11", CalendarDayType.MakeUpWorkday, "国庆节调休上班")]
    [InlineData("2025-10-12", CalendarDayType.Rest, null)]
    // 2026
    [InlineData("2026-01-01", CalendarDayType.Holiday, "元旦")]
    [InlineData("2026-01-03", CalendarDayType.Holiday, "元旦")]
    [InlineData("2026-01-04", CalendarDayType.MakeUpWorkday, "元旦调休上班")]
    [InlineData("2026-02-14", CalendarDayType.MakeUpWorkday, "春节调休上班")]
    [InlineData("2026-02-15", CalendarDayType.Holiday, "春节")]
    [InlineData("2026-02-23", CalendarDayType.Holiday, "春节")]
    [InlineData("2026-02-24", CalendarDayType.Workday, null)]
    [InlineData("2026-02-28", CalendarDayType.MakeUpWorkday, "春节调休上班")]
    [InlineData("2026-04-04", CalendarDayType.Holiday, "清明节")]
    [InlineData("2026-04-06", CalendarDayType.Holiday, "清明节")]
    [InlineData("2026-05-01", CalendarDayType.Holiday, "劳动节")]
    [InlineData("2026-05-05", CalendarDayType.Holiday, "劳动节")]
    [InlineData("2026-05-09", CalendarDayType.MakeUpWorkday, "劳动节调休上班")]
    [InlineData("2026-06-19", CalendarDayType.Holiday, "端午节")]
    [InlineData("2026-06-21", CalendarDayType.Holiday, "端午节")]
    [InlineData("2026-09-20", CalendarDayType.MakeUpWorkday, "国庆节调休上班")]
    [InlineData("2026-09-25", CalendarDayType.Holiday, "中秋节")]
    [InlineData("2026-09-27", CalendarDayType.Holiday, "中秋节")]
    [InlineData("2026-10-01", CalendarDayType.Holiday, "国庆节")]
    [InlineData("2026-10-07", CalendarDayType.Holiday, "国庆节")]
    [InlineData("2026-10-08", CalendarDayType.Workday, null)]
    [InlineData("2026-10-10", CalendarDayType.MakeUpWorkday, "国庆节调休上班")]
    [InlineData("2026-03-07", CalendarDayType.Rest, null)]
    public void Knows_the_official_dates(string date, CalendarDayType type, string? name)
    {
        var day = China.Classify(Date(date));
        day.Type.Should().Be(type);
        day.Name.Should().Be(name);
    }

    [Fact]
    public void Has_the_official_counts_of_days_off_and_make_up_days()
    {
        static int Count(int year, CalendarEntryKind kind) => ChinaHolidays.All.Count(d => d.Date.Year == year && d.Kind == kind);
        Count(2025, CalendarEntryKind.Holiday).Should().Be(1 + 8 + 3 + 5 + 3 + 8);
        Count(2025, CalendarEntryKind.Workday).Should().Be(5);
        Count(2026, CalendarEntryKind.Holiday).Should().Be(3 + 9 + 3 + 5 + 3 + 3 + 7);
        Count(2026, CalendarEntryKind.Workday).Should().Be(6);
        ChinaHolidays.All.Where(d => d.Kind == CalendarEntryKind.Workday).Should().AllSatisfy(d => (d.Date.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday).Should().BeTrue(d.Date.ToString()));
    }

    [Fact]
    public void Overrides_take_precedence()
    {
        var calendar = WorkCalendar.China(
        [
            new CalendarDay(Date("2026-10-07"), CalendarEntryKind.Workday, "公司安排上班"),
            new CalendarDay(Date("2026-10-10"), CalendarEntryKind.Rest, "取消调休"),
            new CalendarDay(Date("2026-03-06"), CalendarEntryKind.Holiday, "司庆"),
        ]);
        calendar.Classify(Date("2026-10-07")).Type.Should().Be(CalendarDayType.Workday);
        calendar.Classify(Date("2026-10-10")).Type.Should().Be(CalendarDayType.Rest);
        calendar.Classify(Date("2026-03-06")).Should().Be(new CalendarClassification(CalendarDayType.Holiday, "司庆"));
    }

    [Theory]
    [InlineData("holiday", null, CalendarEntryKind.Holiday, "节假日")]
    [InlineData(" Workday ", "调休", CalendarEntryKind.Workday, "调休")]
    [InlineData("rest", "", CalendarEntryKind.Rest, "休息日")]
    public void Validates_calendar_days(string kind, string? name, CalendarEntryKind expected, string expectedName)
    {
        var errors = new FieldErrors();
        var day = CalendarDayValidator.Validate(Date("2026-06-01"), new CalendarDaySpec(kind, name), errors);
        errors.IsEmpty.Should().BeTrue();
        day.Should().Be(new CalendarDay(Date("2026-06-01"), expected, expectedName));
    }

    [Theory]
    [InlineData("weekend", "x", "kind")]
    [InlineData(null, "x", "kind")]
    [InlineData("holiday", "这个名字实在是太长了这个名字实在是太长了这个名字实在是太长了这个名字", "name")]
    public void Refuses_bad_calendar_days(string? kind, string? name, string field)
    {
        var errors = new FieldErrors();
        CalendarDayValidator.Validate(Date("2026-06-01"), new CalendarDaySpec(kind, name), errors).Should().BeNull();
        errors.Items.Should().Contain(e => e.Field == field);
    }

    private static DateOnly Date(string s) => DateOnly.Parse(s, CultureInfo.InvariantCulture);
}
