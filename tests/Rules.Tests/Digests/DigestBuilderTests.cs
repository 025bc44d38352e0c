using System.Text;
using Attendance.Rules.Digests;

namespace Attendance.Rules.Tests.Digests;

public sealed class DigestBuilderTests
{
    private static readonly DateOnly Day = new(2026, 3, 9);

    private static DigestRow Normal(int i) => new($"员工{i}", $"u{i:000}", DayStatus.Normal, DayAnomalies.None);

    [Fact]
    public void Empty_department_has_zero_counts_and_says_no_anomalies()
    {
        var digest = DigestBuilder.Build(new DigestInput("研发部", Day, DigestKind.Full, [], 0), DigestBuilder.RobotMarkdownMaxBytes);
        digest.Counts.Should().Be(new DigestCounts(0, 0, 0, 0, 0, 0, 0, 0));
        var part = digest.Parts.Should().ContainSingle().Which;
        part.Should().Be("**研发部 2026-03-09 考勤日报**\n> 应到 0　实到 0　迟到 0　早退 0　缺卡 0　旷工 0　外勤 0　待复核 0\n无考勤异常\n发送「异常 昨天」查看详情");
        digest.MentionUserIds.Should().BeEmpty();
    }

    [Fact]
    public void All_present_lists_no_names()
    {
        var rows = Enumerable.Range(1, 12).Select(Normal).ToList();
        var digest = DigestBuilder.Build(new DigestInput("销售部", Day, DigestKind.Full, rows, 12), DigestBuilder.AppMarkdownMaxBytes);
        digest.Counts.Should().Be(new DigestCounts(12, 12, 0, 0, 0, 0, 0, 0));
        digest.Parts.Should().ContainSingle().Which.Should().Contain("无考勤异常");
        digest.Parts[0].Should().NotContain("员工");
    }

    public static TheoryData<DigestRow, string> Descriptions => new()
    {
        { new("张伟", "zhangwei", DayStatus.Late, DayAnomalies.Late, LateMinutes: 12), "迟到 12 分钟" },
        { new("王芳", "wangfang", DayStatus.SeriousLate, DayAnomalies.SeriousLate, LateMinutes: 45), "严重迟到 45 分钟" },
        { new("李娜", "lina", DayStatus.MissingOut, DayAnomalies.MissingOut | DayAnomalies.Late, LateMinutes: 3), "下班缺卡、迟到 3 分钟" },
        { new("刘洋", "liuyang", DayStatus.EarlyLeave, DayAnomalies.EarlyLeave, EarlyLeaveMinutes: 20), "早退 20 分钟" },
        { new("陈静", "chenjing", DayStatus.Absent, DayAnomalies.Absent), "旷工" },
        { new("杨磊", "yanglei", DayStatus.MissingIn, DayAnomalies.MissingIn, IsField: true, InReview: true), "上班缺卡、打卡待复核、外勤" },
        { new("赵敏", "zhaomin", DayStatus.Normal, DayAnomalies.None, InReview: true), "打卡待复核" },
    };

    [Theory]
    [MemberData(nameof(Descriptions))]
    public void Anomalies_are_described_in_Chinese_most_severe_first(DigestRow row, string expected) =>
        DigestBuilder.Describe(row).Should().Be(expected);

    [Fact]
    public void Counts_and_names_with_Chinese_names_sorted_by_severity()
    {
        var rows = new List<DigestRow>
        {
            new("张伟", "zhangwei", DayStatus.Late, DayAnomalies.Late, LateMinutes: 12),
            new("陈静", "chenjing", DayStatus.Absent, DayAnomalies.Absent),
            new("李娜", "lina", DayStatus.MissingOut, DayAnomalies.MissingOut),
            new("刘洋", "liuyang", DayStatus.EarlyLeave, DayAnomalies.EarlyLeave, EarlyLeaveMinutes: 20, IsField: true),
            new("欧阳娜娜", "ouyang", DayStatus.Normal, DayAnomalies.None, InReview: true),
            new("孙悟", "sunwu", DayStatus.Leave, DayAnomalies.None),
            Normal(1),
        };
        var digest = DigestBuilder.Build(new DigestInput("客服中心", Day, DigestKind.Full, rows, 6), DigestBuilder.RobotMarkdownMaxBytes);
        digest.Counts.Should().Be(new DigestCounts(6, 5, 1, 1, 1, 1, 1, 1));
        var lines = digest.Parts.Should().ContainSingle().Which.Split('\n');
        lines.Should().Equal([
            "**客服中心 2026-03-09 考勤日报**",
            "> 应到 6　实到 5　迟到 1　早退 1　缺卡 1　旷工 1　外勤 1　待复核 1",
            "异常名单：",
            "- 陈静（chenjing）：旷工",
            "- 李娜（lina）：下班缺卡",
            "- 张伟（zhangwei）：迟到 12 分钟",
            "- 刘洋（liuyang）：早退 20 分钟、外勤",
            "- 欧阳娜娜（ouyang）：打卡待复核",
            "发送「异常 昨天」查看详情",
        ]);
        digest.MentionUserIds.Should().Equal(["chenjing", "lina", "liuyang", "zhangwei"]);
    }

    [Fact]
    public void Roll_call_counts_a_missing_check_in_as_not_arrived()
    {
        var rows = new List<DigestRow>
        {
            new("张伟", "zhangwei", DayStatus.MissingIn, DayAnomalies.MissingIn),
            new("王芳", "wangfang", DayStatus.Late, DayAnomalies.Late, LateMinutes: 5),
            Normal(1),
        };
        var digest = DigestBuilder.Build(new DigestInput("研发部", Day, DigestKind.RollCall, rows, 3), DigestBuilder.AppMarkdownMaxBytes);
        digest.Counts.Present.Should().Be(2);
        digest.Parts[0].Should().StartWith("**研发部 2026-03-09 上班点名**");
        digest.Parts[0].Should().EndWith("发送「异常 今天」查看详情");
    }

    [Theory]
    [InlineData(DigestBuilder.RobotMarkdownMaxBytes)]
    [InlineData(DigestBuilder.AppMarkdownMaxBytes)]
    public void Three_hundred_anomalies_split_into_numbered_parts_within_the_limit_losing_no_line(int limit)
    {
        var rows = Enumerable.Range(1, 300).Select(i => new DigestRow($"欧阳员工{i}", $"user{i:000}", DayStatus.Late,
            i % 3 == 0 ? DayAnomalies.Late | DayAnomalies.EarlyLeave : DayAnomalies.Late, LateMinutes: i, EarlyLeaveMinutes: i % 60)).ToList();
        var input = new DigestInput("华东区域销售一部", Day, DigestKind.Full, rows, 320);
        var digest = DigestBuilder.Build(input, limit);

        digest.Parts.Count.Should().BeGreaterThan(1);
        for (var i = 0; i < digest.Parts.Count; i++)
        {
            Encoding.UTF8.GetByteCount(digest.Parts[i]).Should().BeLessThanOrEqualTo(limit, $"part {i + 1} has {Encoding.UTF8.GetByteCount(digest.Parts[i])} bytes");
            digest.Parts[i].Should().StartWith($"**华东区域销售一部 2026-03-09 考勤日报** ({i + 1}/{digest.Parts.Count})\n");
        }

        var body = digest.Parts.SelectMany(p => p.Split('\n').Skip(1)).ToList();
        var single = DigestBuilder.Build(input, int.MaxValue).Parts.Single().Split('\n').Skip(1).ToList();
        body.Should().Equal(single);
        body.Count(l => l.StartsWith("- ", StringComparison.Ordinal)).Should().Be(300);
        body[^1].Should().Be("发送「异常 昨天」查看详情");
        body[0].Should().StartWith("> 应到 320");
    }

    [Fact]
    public void A_digest_of_exactly_the_limit_is_one_part_and_one_byte_less_splits()
    {
        var rows = Enumerable.Range(1, 40).Select(i => new DigestRow($"员工{i}", $"u{i:000}", DayStatus.Absent, DayAnomalies.Absent)).ToList();
        var input = new DigestInput("研发部", Day, DigestKind.Full, rows, 40);
        var whole = DigestBuilder.Build(input, int.MaxValue).Parts.Single();
        var size = Encoding.UTF8.GetByteCount(whole);

        DigestBuilder.Build(input, size).Parts.Should().ContainSingle().Which.Should().Be(whole);
        var split = DigestBuilder.Build(input, size - 1);
        split.Parts.Count.Should().Be(2);
        split.Parts.Should().AllSatisfy(p => Encoding.UTF8.GetByteCount(p).Should().BeLessThanOrEqualTo(size - 1));
    }

    [Fact]
    public void Split_parts_fill_up_to_the_boundary_byte_without_passing_it()
    {
        var rows = Enumerable.Range(1, 200).Select(i => new DigestRow(new string('测', 1 + (i % 7)), $"u{i:000}", DayStatus.Absent, DayAnomalies.Absent)).ToList();
        var input = new DigestInput("研发部", Day, DigestKind.Full, rows, 200);
        for (var limit = 300; limit <= 420; limit++)
        {
            var parts = DigestBuilder.Build(input, limit).Parts;
            parts.Should().AllSatisfy(p => Encoding.UTF8.GetByteCount(p).Should().BeLessThanOrEqualTo(limit));
            parts.Sum(p => p.Split('\n').Count(l => l.StartsWith("- ", StringComparison.Ordinal))).Should().Be(200);
        }
    }
}
