using System.Text.RegularExpressions;
using static Microsoft.Playwright.Assertions;

namespace Attendance.Browser.Tests;

/// <summary>
/// The demo console (<c>/demo</c>) in Chromium against the real host started with <c>--demo</c> and no WeCom: every
/// message comes from the host's own WeCom simulator, every command and click goes through the real, signed
/// <c>/wecom/callback</c>. 王芳 asks for her attendance; the digest lands in 研发部's group; 王芳 asks for a 补卡 in chat,
/// 张伟 approves it from its card and 王芳 is told and sees the day fixed (刘洋's is rejected likewise); a callback with
/// a tampered signature is refused.
/// </summary>
public sealed partial class DemoPageBrowserTests(DemoFixture fixture) : IClassFixture<DemoFixture>
{
    private const string RdGroup = "robot:demo-rd-robot";
    private static readonly LocatorAssertionsToBeVisibleOptions Visible = new() { Timeout = 60_000 };
    private static readonly LocatorAssertionsToHaveCountOptions Count = new() { Timeout = 60_000 };
    private static readonly LocatorAssertionsToContainTextOptions Text = new() { Timeout = 60_000 };
    private static readonly LocatorAssertionsToHaveAttributeOptions Attribute = new() { Timeout = 60_000 };

    [Fact]
    public async Task Wangfang_sends_my_attendance_and_sees_the_reply()
    {
        Chromium.Require();
        await using var context = await fixture.ContextAsync(1280, 800);
        var page = await OpenAsync(context, "wangfang");
        var replies = Replies(page, "王芳（wangfang）");
        var before = await replies.CountAsync();

        await SendAsync(page, "我的考勤");

        await Expect(replies).ToHaveCountAsync(before + 1, Count);
        await Expect(replies.Last).ToHaveAttributeAsync("data-kind", "text", Attribute);
        // The reply is the newest message, below the user's own bubble, and scrolled into view.
        await Expect(page.Locator("#chat > .msg").Last).ToContainTextAsync("王芳（wangfang）", Text);
        await Expect(replies.Last).ToBeInViewportAsync(new() { Timeout = 30_000 });
    }

    [Fact]
    public async Task The_digest_job_run_from_the_page_lands_in_the_rd_group_chat()
    {
        Chromium.Require();
        await using var context = await fixture.ContextAsync(1280, 800);
        var page = await OpenAsync(context, "zhangwei");
        var group = page.Locator($"#groups .group[data-group-id='{RdGroup}']");
        await Expect(group).ToBeVisibleAsync(Visible);
        await Expect(group.Locator(".group-head")).ToContainTextAsync("研发部", Text);

        var job = page.Locator("#jobs button[data-job=digest]");
        await job.ClickAsync();
        await Expect(job).ToHaveAttributeAsync("data-state", "done", Attribute);
        await Expect(page.Locator("#job-result")).ToContainTextAsync("已完成", Text);

        var digest = group.Locator(".msg", new() { HasTextRegex = DigestText() });
        await Expect(digest.First).ToBeVisibleAsync(Visible);
        await Expect(digest.Last).ToBeInViewportAsync(new() { Timeout = 30_000 });
    }

    [Fact]
    public async Task Zhangwei_approves_a_pending_correction_from_its_card_and_wangfang_sees_the_approval_and_the_fixed_day()
    {
        Chromium.Require();
        await using var context = await fixture.ContextAsync(1280, 800);

        // 王芳 asks in chat: the 补卡 waits for 张伟 with an approval card. (08:20 is before any punch the demo's
        // history gives her, so the fixed day shows it as her arrival.)
        var page = await OpenAsync(context, "wangfang");
        var yesterday = Replies(page, "王芳（wangfang）");
        var asked = await yesterday.CountAsync();
        await SendAsync(page, "我的考勤 昨天");
        await Expect(yesterday).ToHaveCountAsync(asked + 1, Count);
        var unfixed = await yesterday.Last.Locator(".bubble").InnerTextAsync();
        unfixed.Should().NotContain("上班 08:20");
        var submitted = Replies(page, "补卡申请已提交");
        var already = await submitted.CountAsync();
        await SendAsync(page, "补卡 昨天 上班 08:20 早上外出办事忘记打卡");
        await Expect(submitted).ToHaveCountAsync(already + 1, Count);
        var id = IdInReply().Match(await submitted.Last.InnerTextAsync()).Groups[1].Value;
        id.Should().NotBeEmpty();

        await page.ClickAsync("#people li[data-user-id=zhangwei]");
        await Expect(page.Locator("#chat")).ToHaveAttributeAsync("data-user", "zhangwei", Attribute);
        var card = CorrectionCard(page, "王芳（wangfang）", id);
        await Expect(card).ToHaveAttributeAsync("data-state", "open", Attribute);
        var taskId = await card.GetAttributeAsync("data-task-id");
        var fields = await card.EvaluateAsync<Dictionary<string, string>>(
            "c => Object.fromEntries([...c.querySelectorAll('.card-kv dt')].map(dt => [dt.textContent, dt.nextElementSibling.textContent]))");
        var date = fields["日期"][..10];
        fields["补卡"].Should().Be("上班 08:20");

        await card.Locator("button[data-key=approve]").ClickAsync();
        var decided = page.Locator($"#chat .card[data-task-id='{taskId}']");
        await Expect(decided).ToHaveAttributeAsync("data-state", "decided", Attribute);
        await Expect(decided.Locator("button.replaced")).ToHaveTextAsync("已同意", new() { Timeout = 30_000 });
        await Expect(decided.Locator("button.replaced")).ToBeDisabledAsync();
        await Expect(decided.Locator("button[data-key]")).ToHaveCountAsync(0);
        await fixture.ScreenshotAsync(page, "40-demo-card-approved-desktop");

        // 王芳 is told, and the day now starts at the corrected time: neither late nor absent any more.
        await page.ClickAsync("#people li[data-user-id=wangfang]");
        await Expect(page.Locator("#chat")).ToHaveAttributeAsync("data-user", "wangfang", Attribute);
        await Expect(page.Locator("#chat .msg[data-kind=text]", new() { HasText = $"编号 {id}" }).Filter(new() { HasText = "已通过" }))
            .ToHaveCountAsync(1, Count);
        var report = Replies(page, $"王芳（wangfang） {date}");
        var before = await report.CountAsync();
        await SendAsync(page, $"我的考勤 {date}");
        await Expect(report).ToHaveCountAsync(before + 1, Count);
        await Expect(report.Last).ToContainTextAsync("上班 08:20", Text);
        await Expect(report.Last).Not.ToContainTextAsync("迟到");
        await Expect(report.Last).Not.ToContainTextAsync("旷工");
        unfixed.Should().StartWith($"王芳（wangfang） {date}");
    }

    [Fact]
    public async Task Liuyang_requests_a_correction_in_chat_and_zhangwei_rejects_it_from_the_card()
    {
        Chromium.Require();
        await using var context = await fixture.ContextAsync(1280, 800);
        var page = await OpenAsync(context, "liuyang");
        var submitted = Replies(page, "补卡申请已提交");
        var before = await submitted.CountAsync();
        await SendAsync(page, "补卡 昨天 下班 18:05 地铁停运忘记打卡");
        await Expect(submitted).ToHaveCountAsync(before + 1, Count);
        var id = IdInReply().Match(await submitted.Last.InnerTextAsync()).Groups[1].Value;
        id.Should().NotBeEmpty();

        await page.ClickAsync("#people li[data-user-id=zhangwei]");
        await Expect(page.Locator("#chat")).ToHaveAttributeAsync("data-user", "zhangwei", Attribute);
        var card = CorrectionCard(page, "刘洋（liuyang）", id);
        await Expect(card).ToHaveAttributeAsync("data-state", "open", Attribute);
        await Expect(card.Locator(".card-sub")).ToHaveTextAsync("原因：地铁停运忘记打卡", new() { Timeout = 30_000 });
        await card.Locator("button[data-key=reject]").ClickAsync();
        await Expect(card).ToHaveAttributeAsync("data-state", "decided", Attribute);
        await Expect(card.Locator("button.replaced")).ToHaveTextAsync("已驳回", new() { Timeout = 30_000 });

        await page.ClickAsync("#people li[data-user-id=liuyang]");
        await Expect(page.Locator("#chat .msg[data-kind=text]", new() { HasText = $"编号 {id}" }).Filter(new() { HasText = "未通过" }))
            .ToHaveCountAsync(1, Count);
    }

    [Fact]
    public async Task A_callback_with_a_tampered_signature_is_refused_and_gets_no_reply()
    {
        Chromium.Require();
        await using var context = await fixture.ContextAsync(1280, 800);
        var page = await OpenAsync(context, "wangfang");
        var lastSeq = await page.EvaluateAsync<int>("() => Math.max(0, ...[...document.querySelectorAll('#chat .msg[data-seq]')].map(m => +m.dataset.seq))");

        // Sealed by the simulator, one character of the signature changed, posted from the page to the real callback.
        var status = await page.EvaluateAsync<int>("""
            async () => {
              const r = await fetch('/demo/api/callbacks/text', { method: 'POST', headers: { 'Content-Type': 'application/json' },
                body: JSON.stringify({ userId: 'wangfang', content: '帮助' }) });
              const sealed = await r.json();
              const url = new URL(sealed.url, location.origin);
              const sig = url.searchParams.get('msg_signature');
              url.searchParams.set('msg_signature', (sig[0] === 'a' ? 'b' : 'a') + sig.slice(1));
              const answer = await fetch(url.pathname + url.search, { method: 'POST', headers: { 'Content-Type': 'text/xml' }, body: sealed.body });
              return answer.status;
            }
            """);
        status.Should().BeInRange(400, 499);

        // The page's own send, tampered on the way: the bubble says it failed, with the status.
        await page.RouteAsync("**/wecom/callback?**", async route =>
        {
            var tampered = TamperedSignature().Replace(route.Request.Url, m => m.Groups[1].Value + (m.Groups[2].Value == "a" ? "b" : "a"));
            await route.ContinueAsync(new RouteContinueOptions { Url = tampered });
        });
        await page.FillAsync("#composer textarea", "帮助");
        await page.ClickAsync("#composer button[type=submit]");
        var failed = page.Locator("#chat .msg.mine[data-state=failed]", new() { HasText = "帮助" });
        await Expect(failed.Locator(".send-status")).ToHaveTextAsync(FailedStatus(), new() { Timeout = 30_000 });
        await page.UnrouteAllAsync(new() { Behavior = UnrouteBehavior.Wait });

        // A marker from the same sender is answered; one lane per sender keeps order, so a reply to either tampered
        // 帮助 would have come before it.
        var marker = Replies(page, "王芳（wangfang）");
        var before = await marker.CountAsync();
        await SendAsync(page, "我的考勤");
        await Expect(marker).ToHaveCountAsync(before + 1, Count);
        var newer = await page.EvaluateAsync<string[]>(
            "last => [...document.querySelectorAll('#chat .msg[data-seq]')].filter(m => +m.dataset.seq > last).map(m => m.textContent)", lastSeq);
        newer.Should().ContainSingle();
        newer[0].Should().NotContain("考勤助手可以帮您");
    }

    [Fact]
    public async Task Markdown_is_rendered_from_a_whitelist_and_everything_else_stays_text()
    {
        Chromium.Require();
        await using var context = await fixture.ContextAsync(1280, 800);
        var page = await context.NewPageAsync();
        await page.GotoAsync("/demo");
        var shown = await page.EvaluateAsync<System.Text.Json.JsonElement>("""
            async () => {
              const { renderMarkdown } = await import('/demo/markdown.js');
              const md = '# 日报\n> 迟到：<@liuyang>\n**粗体** <font color="warning">警告 **加粗**</font> `code` ' +
                '<img src=x onerror="window.owned=1"> [链接](/punch) [坏链接](javascript:window.owned=2) <b>b</b>';
              const n = renderMarkdown(md, new Map([['liuyang', '刘洋']]), 'liuyang');
              document.body.append(n);
              return {
                elements: [...n.querySelectorAll('*')].map(e => e.tagName.toLowerCase()).filter((t, i, a) => a.indexOf(t) === i).sort().join(','),
                heading: n.querySelector('.h1').textContent,
                quote: n.querySelector('blockquote').textContent,
                mention: n.querySelector('.mention.me').textContent,
                bold: n.querySelector(':scope > div > strong').textContent,
                warning: n.querySelector('.font-warning').textContent,
                nestedBold: n.querySelector('.font-warning strong').textContent,
                links: [...n.querySelectorAll('a')].map(a => a.getAttribute('href')).join(' '),
                text: n.textContent,
                owned: window.owned || 0,
              };
            }
            """);
        shown.GetProperty("elements").GetString().Should().Be("a,blockquote,code,div,span,strong");
        shown.GetProperty("heading").GetString().Should().Be("日报");
        shown.GetProperty("quote").GetString().Should().Be("迟到：@刘洋");
        shown.GetProperty("mention").GetString().Should().Be("@刘洋");
        shown.GetProperty("bold").GetString().Should().Be("粗体");
        shown.GetProperty("warning").GetString().Should().Be("警告 加粗");
        shown.GetProperty("nestedBold").GetString().Should().Be("加粗");
        shown.GetProperty("links").GetString().Should().Be("/punch");
        shown.GetProperty("text").GetString().Should().Contain("<img src=x onerror=\"window.owned=1\">");
        shown.GetProperty("text").GetString().Should().Contain("[坏链接](javascript:window.owned=2)");
        shown.GetProperty("text").GetString().Should().Contain("<b>b</b>");
        shown.GetProperty("owned").GetInt32().Should().Be(0);
    }

    [Fact]
    public async Task The_page_fits_a_phone_and_a_desktop()
    {
        Chromium.Require();
        await using var phone = await fixture.ContextAsync(390, 844);
        var page = await phone.NewPageAsync();
        await page.GotoAsync("/demo#user=wangfang");
        await Expect(page.Locator("#chat")).ToHaveAttributeAsync("data-state", "loaded", Attribute);
        await SendAsync(page, "帮助");
        await Expect(page.Locator("#chat .msg.from-app", new() { HasText = "考勤助手可以帮您" }).Last).ToBeInViewportAsync(new() { Timeout = 60_000 });
        await ExpectNoHorizontalScrollAsync(page);
        await fixture.ScreenshotAsync(page, "41-demo-chat-phone");

        await page.ClickAsync("#tabs [data-pane=groups]");
        await Expect(page.Locator("#groups-pane")).ToBeVisibleAsync(Visible);
        await Expect(page.Locator("#chat-pane")).ToBeHiddenAsync();
        await Expect(page.Locator("#groups")).ToHaveAttributeAsync("data-state", "loaded", Attribute);
        await ExpectNoHorizontalScrollAsync(page);
        await fixture.ScreenshotAsync(page, "42-demo-groups-phone");

        await page.ClickAsync("#tabs [data-pane=people]");
        await Expect(page.Locator("#people li[data-user-id=zhangwei]")).ToBeVisibleAsync(Visible);
        await ExpectNoHorizontalScrollAsync(page);
        await fixture.ScreenshotAsync(page, "43-demo-people-phone");
        await page.ClickAsync("#people li[data-user-id=zhangwei]");
        await Expect(page.Locator("#chat-pane")).ToBeVisibleAsync(Visible);
        await Expect(page.Locator("#chat")).ToHaveAttributeAsync("data-user", "zhangwei", Attribute);
        await Expect(page.Locator("#chat")).ToHaveAttributeAsync("data-state", "loaded", Attribute);
        await ExpectNoHorizontalScrollAsync(page);
        await fixture.ScreenshotAsync(page, "44-demo-leader-chat-phone");

        await using var desk = await fixture.ContextAsync(1280, 800);
        var deskPage = await OpenAsync(desk, "zhangwei");
        await Expect(deskPage.Locator("#jobs button[data-job]").First).ToBeVisibleAsync(Visible);
        await Expect(deskPage.Locator("#groups")).ToHaveAttributeAsync("data-state", "loaded", Attribute);
        await ExpectNoHorizontalScrollAsync(deskPage);
        await fixture.ScreenshotAsync(deskPage, "45-demo-desktop");
    }

    [Fact]
    public async Task The_punch_page_login_offers_the_demo_people()
    {
        Chromium.Require();
        await using var phone = await fixture.ContextAsync(390, 844);
        var page = await phone.NewPageAsync();
        await page.GotoAsync("/punch");
        var wangfang = page.Locator("#dev-people button[data-user-id=wangfang]");
        await Expect(wangfang).ToBeVisibleAsync(Visible);
        await Expect(page.Locator("#dev-people li")).ToHaveCountAsync(5, Count);
        await Expect(page.Locator("#dev-login [name=userId]")).ToBeVisibleAsync();
        await ExpectNoHorizontalScrollAsync(page);
        await fixture.ScreenshotAsync(page, "46-punch-demo-picker-phone", fullPage: true);
        await wangfang.ClickAsync();
        await Expect(page.Locator("#home")).ToBeVisibleAsync(Visible);
        await Expect(page.Locator("#who")).ToContainTextAsync("王芳", Text);

        var review = await phone.NewPageAsync();
        await review.GotoAsync("/punch/review");
        // sessionStorage is per tab: the review page asks again, and offers the same people.
        await review.ClickAsync("#dev-people button[data-user-id=zhangwei]");
        await Expect(review.Locator("#home")).ToBeVisibleAsync(Visible);
        await Expect(review.Locator("#who")).ToContainTextAsync("张伟", Text);
    }

    /// <summary>The approval card of one 补卡 (by the applicant and the number on the card).</summary>
    private static ILocator CorrectionCard(IPage page, string applicant, string id) =>
        page.Locator("#chat .card[data-task-id^='correction-']", new() { HasText = applicant })
            .Filter(new() { Has = page.Locator("dd", new() { HasTextRegex = new Regex($"^{id}$") }) });

    private static ILocator Replies(IPage page, string text) => page.Locator("#chat .msg.from-app", new() { HasText = text });

    private static async Task<IPage> OpenAsync(IBrowserContext context, string userId)
    {
        var page = await context.NewPageAsync();
        await page.GotoAsync("/demo");
        await Expect(page.Locator("#people")).ToHaveAttributeAsync("data-state", "loaded", Attribute);
        await page.ClickAsync($"#people li[data-user-id={userId}]");
        await Expect(page.Locator("#chat")).ToHaveAttributeAsync("data-user", userId, Attribute);
        await Expect(page.Locator("#chat")).ToHaveAttributeAsync("data-state", "loaded", Attribute);
        return page;
    }

    /// <summary>Types a command and sends it; the user's own bubble shows at once and turns sent once the callback took it.</summary>
    private static async Task SendAsync(IPage page, string text)
    {
        var mine = page.Locator("#chat .msg.mine", new() { HasText = text });
        var before = await mine.CountAsync();
        await page.FillAsync("#composer textarea", text);
        await page.ClickAsync("#composer button[type=submit]");
        await Expect(mine).ToHaveCountAsync(before + 1, Count);
        await Expect(mine.Last).ToHaveAttributeAsync("data-state", "sent", Attribute);
    }

    private static async Task ExpectNoHorizontalScrollAsync(IPage page) =>
        (await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= window.innerWidth")).Should().BeTrue();

    [GeneratedRegex("编号 (\\d+)")]
    private static partial Regex IdInReply();

    [GeneratedRegex("研发部")]
    private static partial Regex DigestText();

    [GeneratedRegex("发送失败（4\\d\\d）")]
    private static partial Regex FailedStatus();

    [GeneratedRegex("(msg_signature=)([0-9a-f])")]
    private static partial Regex TamperedSignature();
}
