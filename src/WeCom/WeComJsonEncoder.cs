using System.Text.Encodings.Web;

namespace Attendance.WeCom;

/// <summary>
/// Escapes only what JSON itself requires: '"', '\' and C0 controls. Everything else, including U+3000, U+00A0,
/// U+FEFF, U+2028/2029, private-use characters and characters outside the BMP (emoji, 𠮷), goes out as raw UTF-8,
/// because WeCom refuses any \uXXXX escape with 40033 (document/path/90455) or shows it literally.
/// </summary>
/// <remarks>
/// The only C0 controls JSON can write without a \u escape are \b \t \n \f \r. The others (NUL, ESC, ...) cannot be
/// sent to WeCom in any form, so they are dropped; a lone surrogate (not valid Unicode) becomes U+FFFD.
/// </remarks>
public sealed class WeComJsonEncoder : JavaScriptEncoder
{
    public static WeComJsonEncoder Instance { get; } = new();

    private WeComJsonEncoder()
    {
    }

    public override int MaxOutputCharactersPerInputCharacter => 2;

    public override bool WillEncode(int unicodeScalar) => unicodeScalar is < 0x20 or '"' or '\\' || IsSurrogate(unicodeScalar);

    public override unsafe int FindFirstCharacterToEncode(char* text, int textLength)
    {
        ArgumentNullException.ThrowIfNull(text);
        for (var i = 0; i < textLength; i++)
        {
            var c = text[i];
            if (c is < (char)0x20 or '"' or '\\')
            {
                return i;
            }

            if (char.IsHighSurrogate(c) && i + 1 < textLength && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
                continue;
            }

            if (char.IsSurrogate(c))
            {
                return i;
            }
        }

        return -1;
    }

    public override unsafe bool TryEncodeUnicodeScalar(int unicodeScalar, char* buffer, int bufferLength, out int numberOfCharactersWritten)
    {
        ArgumentNullException.ThrowIfNull(buffer);
        var escape = unicodeScalar switch
        {
            '"' => "\\\"",
            '\\' => "\\\\",
            '\b' => "\\b",
            '\t' => "\\t",
            '\n' => "\\n",
            '\f' => "\\f",
            '\r' => "\\r",
            < 0x20 => "",
            _ when IsSurrogate(unicodeScalar) => "\uFFFD",
            _ => char.ConvertFromUtf32(unicodeScalar),
        };
        if (escape.Length > bufferLength)
        {
            numberOfCharactersWritten = 0;
            return false;
        }

        for (var i = 0; i < escape.Length; i++)
        {
            buffer[i] = escape[i];
        }

        numberOfCharactersWritten = escape.Length;
        return true;
    }

    private static bool IsSurrogate(int value) => value is >= 0xD800 and <= 0xDFFF;
}
