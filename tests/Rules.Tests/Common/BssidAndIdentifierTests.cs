
namespace Attendance.Rules.Tests.Common;

public class BssidAndIdentifierTests
{
    [Theory]
    [InlineData("AA:BB:CC:DD:EE:FF", "aa:bb:cc:dd:ee:ff")]
    [InlineData("aa-bb-cc-dd-ee-ff", "aa:bb:cc:dd:ee:ff")]
    [InlineData("aabb.ccdd.eeff", "aa:bb:cc:dd:ee:ff")]
    [InlineData("AABBCCDDEEFF", "aa:bb:cc:dd:ee:ff")]
    [InlineData(" 0a:1b:2c:3d:4e:5f ", "0a:1b:2c:3d:4e:5f")]
    [InlineData("aa:bb:cc:dd:ee", null)]
    [InlineData("aa:bb:cc:dd:ee:ff:00", null)]
    [InlineData("gg:bb:cc:dd:ee:ff", null)]
    [InlineData("", null)]
    [InlineData(null, null)]
    public void Normalizes_bssids(string? input, string? expected) => Bssid.Normalize(input).Should().Be(expected);

    [Theory]
    [InlineData("zhangsan", true)]
    [InlineData("Zhang.San@corp", true)]
    [InlineData("li-si_2", true)]
    [InlineData("", false)]
    [InlineData("张三", false)]
    [InlineData("a b", false)]
    [InlineData("x'; DROP TABLE employees;--", false)]
    public void Checks_userids(string input, bool valid) => Identifiers.IsUserId(input).Should().Be(valid);

    [Fact]
    public void Userid_of_65_characters_is_refused() => Identifiers.IsUserId(new string('a', 65)).Should().BeFalse();
}
