using Attendance.WeCom;
using Microsoft.AspNetCore.Http;

namespace Attendance.WeCom.Simulator;

public sealed partial class WeComSimulator
{
    // errcode 60123 "无效的部门id" (global error list, developer.work.weixin.qq.com/document/path/90455).
    private const int InvalidDepartmentId = 60123;

    // 60011's errmsg as WeCom words it; tests and the client branch on the code, never on this text.
    private const string NoPrivilege = "no privilege to access/modify contact/party/agent";

    // The app's visible range (可见范围): departments (with everything under them) and members named one by one.
    // Both empty means the whole corp is visible, the default, so tests that do not care see everything.
    private readonly HashSet<long> _visibleDepartments = [];
    private readonly HashSet<string> _visibleUsers = new(StringComparer.Ordinal);

    /// <summary>
    /// Sets the app's visible range: <paramref name="departments"/> (each with its sub-departments) and
    /// <paramref name="users"/> named one by one. Empty both to make the whole corp visible again.
    /// </summary>
    public void SetVisibleRange(IEnumerable<long> departments, IEnumerable<string>? users = null)
    {
        lock (_lock)
        {
            _visibleDepartments.Clear();
            _visibleDepartments.UnionWith(departments);
            _visibleUsers.Clear();
            _visibleUsers.UnionWith(users ?? []);
        }
    }

    /// <summary>Takes a member out of the directory (user/get answers 60111 from now on).</summary>
    public void RemoveUser(string userId) => _users.TryRemove(userId, out _);

    public void RemoveDepartment(long id) => _departments.TryRemove(id, out _);

    /// <summary>change_contact event bodies as WeCom would post them to the app's callback URL.</summary>
    public SimulatedContactEvents ContactEvents => new(CorpId, TimeProvider);

    private bool WholeCorpVisible
    {
        get
        {
            lock (_lock)
                return _visibleDepartments.Count == 0 && _visibleUsers.Count == 0;
        }
    }

    /// <summary>In range when the department or one of its ancestors is a visible department.</summary>
    private bool IsVisible(long departmentId)
    {
        if (WholeCorpVisible)
            return true;
        var seen = new HashSet<long>();
        for (long? id = departmentId; id is { } current && seen.Add(current);
             id = _departments.TryGetValue(current, out var d) ? d.ParentId : null)
        {
            lock (_lock)
            {
                if (_visibleDepartments.Contains(current))
                    return true;
            }
        }
        return false;
    }

    private bool IsVisible(SimulatedUser user)
    {
        if (WholeCorpVisible)
            return true;
        lock (_lock)
        {
            if (_visibleUsers.Contains(user.UserId))
                return true;
        }
        return user.Departments.Any(IsVisible);
    }

    private async Task UserGetAsync(HttpContext context)
    {
        // A userid the directory does not hold answers 60111 (user/get, developer.work.weixin.qq.com/document/path/90196;
        // error list 90455).
        if (!_users.TryGetValue(context.Request.Query["userid"].ToString(), out var user))
        {
            await Error(context, UserNotFound, "invalid userid");
            return;
        }
        // "应用只能获取可见范围内的成员信息": a member outside the app's visible range answers 60011, not the member
        // (user/get, developer.work.weixin.qq.com/document/path/90196; 60011 in the error list 90455).
        if (!IsVisible(user))
        {
            await Error(context, WeComErrorCodes.OutsideVisibility, NoPrivilege);
            return;
        }
        var leads = user.Departments.Select(d => _departments.TryGetValue(d, out var dept) && dept.Leaders?.Contains(user.UserId) == true ? 1 : 0).ToArray();
        await Ok(context, new
        {
            userid = user.UserId,
            name = user.Name,
            department = user.Departments,
            main_department = user.Departments.Count > 0 ? user.Departments[0] : 0,
            is_leader_in_dept = leads,
            direct_leader = user.DirectLeaders ?? [],
            status = user.Status,
        });
    }

    private async Task DepartmentListAsync(HttpContext context)
    {
        // "只能拉取token对应的应用的权限范围内的部门列表": only departments in the app's visible range are listed
        // (department/list, developer.work.weixin.qq.com/document/path/90208).
        var all = _departments.Values.Where(d => IsVisible(d.Id)).OrderBy(d => d.Id).ToList();
        var selected = all;
        var idText = context.Request.Query["id"].ToString();
        if (idText.Length > 0)
        {
            // An id that names no department answers 60123 "无效的部门id"; one outside the visible range 60011
            // (error list, developer.work.weixin.qq.com/document/path/90455).
            if (!long.TryParse(idText, out var rootId) || !_departments.ContainsKey(rootId))
            {
                await Error(context, InvalidDepartmentId, "invalid party id");
                return;
            }
            if (!IsVisible(rootId))
            {
                await Error(context, WeComErrorCodes.OutsideVisibility, NoPrivilege);
                return;
            }
            var ids = new HashSet<long> { rootId };
            bool added;
            do
            {
                added = false;
                foreach (var d in all.Where(d => ids.Contains(d.ParentId) && !ids.Contains(d.Id)))
                    added |= ids.Add(d.Id);
            }
            while (added);
            selected = all.Where(d => ids.Contains(d.Id)).ToList();
        }
        await Ok(context, new
        {
            department = selected.Select(d => new { id = d.Id, name = d.Name, parentid = d.ParentId, order = 0, department_leader = d.Leaders ?? [] }),
        });
    }
}
