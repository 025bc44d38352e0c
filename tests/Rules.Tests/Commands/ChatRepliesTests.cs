using System.Text;
using Attendance.Rules.Commands;

namespace Attendance.Rules.Tests.Commands;

public class ChatRepliesTests
{
    [Fact]
    public void A_short_reply_is_one_part_unchanged()
    {
        Assert.Equal(["第一行\n第二行"], ChatReplies.Split("第一行\n第二行"));
        Assert.Empty(ChatReplies.Split(""));
    }

    [Fact]
    public void Long_replies_split_at_line_boundaries_within_the_byte_limit()
    {
        var lines = Enumerable.Range(1, 400).Select(i => $"10-{i % 28 + 1:D2} 周一 张三 迟到 上班 09:1{i % 10} 迟到{i}分钟").ToList();
        var parts = ChatReplies.Split(string.Join('\n', lines));
        Assert.True(parts.Count > 1);
        Assert.All(parts, p => Assert.InRange(Encoding.UTF8.GetByteCount(p), 1, ChatReplies.TextMaxBytes));
        Assert.Equal(lines, parts.SelectMany(p => p.Split('\n')));
    }

    [Fact]
    public void A_single_overlong_line_is_cut_between_characters_never_inside_one()
    {
        var line = string.Concat(Enumerable.Repeat("😀汉a\u0301", 700));
        var parts = ChatReplies.Split(line, 100);
        Assert.All(parts, p => Assert.InRange(Encoding.UTF8.GetByteCount(p), 1, 100));
        Assert.Equal(line, string.Concat(parts));
        Assert.All(parts, p => Assert.False(char.IsLowSurrogate(p[0]) || p[0] == '\u0301'));
    }

    [Fact]
    public void Exactly_the_limit_fits_and_one_more_byte_splits()
    {
        var full = new string('a', 2048);
        Assert.Single(ChatReplies.Split(full));
        Assert.Equal(2, ChatReplies.Split(full + "\nb").Count);
        Assert.Equal(["ab\nc"], ChatReplies.Split("ab\nc", 16));
    }
}
