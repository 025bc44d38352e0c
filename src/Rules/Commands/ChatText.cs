using System.Globalization;
using System.Text;

namespace Attendance.Rules.Commands;

/// <summary>Cleans chat text before parsing: full-width forms, @mentions, odd spaces and control characters.</summary>
public static class ChatText
{
    /// <summary>Longer messages are not commands; nothing useful is ever that long.</summary>
    public const int MaxLength = 500;

    public static string Normalize(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return "";
        }

        // NFKC folds full-width digits, letters, spaces and punctuation (２０２６／３／３, ＡＢＣ, U+3000) to ASCII.
        var folded = (text.Length > MaxLength * 4 ? text[..(MaxLength * 4)] : text).Normalize(NormalizationForm.FormKC);
        var builder = new StringBuilder(folded.Length);
        foreach (var c in folded)
        {
            if (char.IsControl(c) || char.GetUnicodeCategory(c) == UnicodeCategory.Format)
            {
                builder.Append(' ');
            }
            else if (c is '，' or '、' or '；' or ';' or ',')
            {
                builder.Append(' ');
            }
            else if (c is '：')
            {
                builder.Append(':');
            }
            else if (c is '。' or '！' or '？' or '!' or '?')
            {
                // Trailing sentence punctuation carries no meaning for a command.
                builder.Append(' ');
            }
            else if (char.IsWhiteSpace(c))
            {
                builder.Append(' ');
            }
            else
            {
                builder.Append(c);
            }
        }

        var words = builder.ToString().Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .Where(w => !w.StartsWith('@'));
        return string.Join(' ', words);
    }
}
