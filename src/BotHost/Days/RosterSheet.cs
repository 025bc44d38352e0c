using System.Globalization;
using MiniExcelLibs;

namespace Attendance.BotHost.Days;

/// <summary>A refusal of the whole file: the status (400, 413, 415), the field and the Chinese reason.</summary>
public sealed class RosterFileException(int status, string field, string detail) : Exception(detail)
{
    public int Status { get; } = status;

    public string Field { get; } = field;
}

/// <summary>One cell of a sheet as text, with its Excel address parts (row from 1, column letter).</summary>
public readonly record struct SheetCell(int Row, string Column, string Text, object? Value);

/// <summary>
/// The roster sheet HR already uses: row 1 is the header (工号, 姓名, then one date per column); each further row is
/// one person (工号 = WeCom userid in column A, the name in column B for people, ignored) with the shift name in each
/// date's cell. Read and written with MiniExcel.
/// </summary>
public static class RosterSheet
{
    public const string ContentType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    /// <summary>The largest upload: a roster of thousands of people is a few hundred KB.</summary>
    public const int MaxBytes = 4 * 1024 * 1024;

    public const int MaxRows = 20_000;

    public const string UserIdHeader = "工号";

    public const string NameHeader = "姓名";

    public const string Rest = "休";

    /// <summary>The sheet: one row per person, its cells keyed by header (the date as yyyy-MM-dd).</summary>
    public static async Task<byte[]> WriteAsync(IReadOnlyList<DateOnly> dates, IEnumerable<(string UserId, string Name, IReadOnlyList<string> Cells)> people,
        CancellationToken cancellationToken)
    {
        var headers = dates.Select(Header).ToArray();
        var rows = people.Select(p =>
        {
            var line = new Dictionary<string, object?>(StringComparer.Ordinal) { [UserIdHeader] = p.UserId, [NameHeader] = p.Name };
            for (var i = 0; i < headers.Length; i++)
            {
                line[headers[i]] = p.Cells[i];
            }

            return line;
        }).ToList();
        if (rows.Count == 0)
        {
            var empty = new Dictionary<string, object?>(StringComparer.Ordinal) { [UserIdHeader] = null, [NameHeader] = null };
            foreach (var h in headers)
            {
                empty[h] = null;
            }

            rows.Add(empty);
        }

        using var stream = new MemoryStream();
        await stream.SaveAsAsync(rows, sheetName: "排班", cancellationToken: cancellationToken);
        return stream.ToArray();
    }

    public static string Header(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>The rows of the first sheet, row 1 first, each cell with its text; 400 when the bytes are not an xlsx
    /// workbook MiniExcel can read, or hold more than <see cref="MaxRows"/> rows.</summary>
    public static List<List<SheetCell>> Read(byte[] bytes)
    {
        if (bytes.Length < 4 || bytes[0] != 'P' || bytes[1] != 'K' || bytes[2] != 3 || bytes[3] != 4)
        {
            throw new RosterFileException(StatusCodes.Status400BadRequest, "file", "文件不是 Excel xlsx 工作簿，请上传导出的 .xlsx 文件");
        }

        var rows = new List<List<SheetCell>>();
        try
        {
            using var stream = new MemoryStream(bytes, writable: false);
            foreach (IDictionary<string, object?> row in stream.Query(useHeaderRow: false, excelType: ExcelType.XLSX))
            {
                if (rows.Count >= MaxRows)
                {
                    throw new RosterFileException(StatusCodes.Status400BadRequest, "file", $"表格超过 {MaxRows} 行，请按部门拆分后导入");
                }

                var number = rows.Count + 1;
                rows.Add([.. row.Select(c => new SheetCell(number, c.Key, Text(c.Value), c.Value))]);
            }
        }
        catch (Exception e) when (e is not RosterFileException and not OperationCanceledException)
        {
            throw new RosterFileException(StatusCodes.Status400BadRequest, "file", "无法读取此 xlsx 文件（文件损坏或不是 Excel 工作簿）");
        }

        return rows;
    }

    /// <summary>A header cell as a date of <paramref name="month"/>'s year: a date cell, an Excel serial number, text
    /// such as 2026-03-01, 2026/3/1, 2026年3月1日, 3-1, 3/1, 3月1日, or a day number 1–31 of the month. Text after a
    /// space (e.g. a weekday) is ignored.</summary>
    public static DateOnly? ParseHeader(object? value, string text, DateOnly month)
    {
        switch (value)
        {
            case DateTime dt:
                return DateOnly.FromDateTime(dt);
            case double or int or long or decimal:
                var number = Convert.ToDouble(value, CultureInfo.InvariantCulture);
                if (number is >= 1 and <= 31 && number == Math.Floor(number))
                {
                    return DayOf(month, (int)number);
                }

                return number is > 30000 and < 80000 ? DateOnly.FromDateTime(DateTime.FromOADate(number)) : null;
        }

        var token = text.Split([' ', '\u3000', '(', '（'], StringSplitOptions.RemoveEmptyEntries).FirstOrDefault() ?? "";
        string[] full = ["yyyy-MM-dd", "yyyy-M-d", "yyyy/M/d", "yyyy.M.d", "yyyy年M月d日", "yyyyMMdd"];
        if (DateOnly.TryParseExact(token, full, CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            return date;
        }

        string[] partial = ["M-d", "M/d", "M.d", "M月d日"];
        if (DateTime.TryParseExact(token, partial, CultureInfo.InvariantCulture, DateTimeStyles.None, out var md))
        {
            return md.Month == month.Month ? DayOf(month, md.Day) : new DateOnly(month.Year, md.Month, Math.Min(md.Day, DateTime.DaysInMonth(month.Year, md.Month)));
        }

        var day = token.EndsWith('日') ? token[..^1] : token;
        return int.TryParse(day, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n is >= 1 and <= 31 ? DayOf(month, n) : null;
    }

    private static DateOnly? DayOf(DateOnly month, int day) =>
        day <= DateTime.DaysInMonth(month.Year, month.Month) ? new DateOnly(month.Year, month.Month, day) : null;

    private static string Text(object? value) => value switch
    {
        null => "",
        string s => s.Trim(),
        DateTime dt => dt.TimeOfDay == TimeSpan.Zero
            ? dt.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)
            : dt.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture).Trim(),
        _ => value.ToString()?.Trim() ?? "",
    };
}
