using System.Text;
using Attendance.Rules.Commands;

namespace Attendance.Rules.Tests.Commands;

public class ChatRepliesTests
{
    [Fact]
    public void A_short_reply_is_one_part_unchanged()
    {
        ChatReplies.Split("第一行\n第二行").Should().Equal(["第一行\n第二行"]);
        ChatReplies.Split("").Should().BeEmpty();
    }

    [Fact]
    public void Long_replies_split_at_line_boundaries_within_the_byte_limit()
    {
        var lines = Enumerable.Range(1, 400).Select(i => $"10-{i % 28 + 1:D2} 周一 张三 迟到 上班 09:1{i % 10} 迟到{i}分钟").ToList();
        var parts = ChatReplies.Split(string.Join('\n', lines));
        parts.Count.Should().BeGreaterThan(1);
        parts.Should().AllSatisfy(p => Encoding.UTF8.GetByteCount(p).Should().BeInRange(1, ChatReplies.TextMaxBytes));
        parts.SelectMany(p => p.Split('\n')).Should().Equal(lines);
    }

    [Fact]
    public void A_single_overlong_line_is_cut_between_characters_never_inside_one()
    {
        var line = string.Concat(Enumerable.Repeat("😀汉a\u0301", 700));
        var parts = ChatReplies.Split(line, 100);
        parts.Should().AllSatisfy(p => Encoding.UTF8.GetByteCount(p).Should().BeInRange(1, 100));
        string.Concat(parts).Should().Be(line);
        parts.Should().AllSatisfy(p => (char.IsLowSurrogate(p[0]) || p[0] == '\u0301').Should().BeFalse());
    }

    [Fact]
    public void Exactly_the_limit_fits_and_one_more_byte_splits()
    {
        var full = new string('a', 2048);
        ChatReplies.Split(full).Should().ContainSingle();
        ChatReplies.Split(full + "\nb").Count.Should().Be(2);
        ChatReplies.Split("ab\nc", 16).Should().Equal(["ab\nc"]);
    }
}
