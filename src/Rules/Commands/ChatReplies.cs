using System.Globalization;
using System.Text;

namespace Attendance.Rules.Commands;

/// <summary>Splits a bot reply into messages that fit WeCom's text limit, at line boundaries.</summary>
public static class ChatReplies
{
    /// <summary>message/send text content: at most 2048 bytes of UTF-8.</summary>
    public const int TextMaxBytes = 2048;

    /// <summary>
    /// Whole lines are kept together; a line longer than <paramref name="maxBytes"/> on its own is cut between
    /// characters (never inside a surrogate pair or a combining sequence). Empty text gives no parts.
    /// </summary>
    public static IReadOnlyList<string> Split(string text, int maxBytes = TextMaxBytes)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxBytes, 16);
        var parts = new List<string>();
        if (string.IsNullOrEmpty(text))
        {
            return parts;
        }

        var current = new StringBuilder();
        var currentBytes = 0;
        foreach (var line in text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n'))
        {
            var lineBytes = Encoding.UTF8.GetByteCount(line);
            var needed = currentBytes == 0 ? lineBytes : currentBytes + 1 + lineBytes;
            if (current.Length > 0 && needed <= maxBytes)
            {
                current.Append('\n').Append(line);
                currentBytes = needed;
                continue;
            }

            if (current.Length > 0)
            {
                parts.Add(current.ToString());
                current.Clear();
                currentBytes = 0;
            }

            if (lineBytes <= maxBytes)
            {
                current.Append(line);
                currentBytes = lineBytes;
                continue;
            }

            foreach (var piece in Cut(line, maxBytes))
            {
                if (current.Length > 0)
                {
                    parts.Add(current.ToString());
                    current.Clear();
                }

                current.Append(piece);
                currentBytes = Encoding.UTF8.GetByteCount(piece);
            }
        }

        if (current.Length > 0)
        {
            parts.Add(current.ToString());
        }

        return parts.Where(p => p.Trim().Length > 0).ToList();
    }

    private static IEnumerable<string> Cut(string line, int maxBytes)
    {
        var piece = new StringBuilder();
        var bytes = 0;
        var elements = StringInfo.GetTextElementEnumerator(line);
        while (elements.MoveNext())
        {
            var element = (string)elements.Current;
            var size = Encoding.UTF8.GetByteCount(element);
            if (size > maxBytes)
            {
                // A single absurd grapheme cluster (stacked combining marks): drop it rather than break the limit.
                continue;
            }

            if (bytes + size > maxBytes)
            {
                yield return piece.ToString();
                piece.Clear();
                bytes = 0;
            }

            piece.Append(element);
            bytes += size;
        }

        if (piece.Length > 0)
        {
            yield return piece.ToString();
        }
    }
}
