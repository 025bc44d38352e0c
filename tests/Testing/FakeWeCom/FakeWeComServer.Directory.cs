using System.Text.Json;
using Attendance.WeCom;
using Attendance.WeCom.Models;
using Microsoft.AspNetCore.Http;

namespace Attendance.Testing.FakeWeCom;

public sealed partial class FakeWeComServer
{
    private async Task UserGetAsync(HttpContext context)
    {
        if (!_users.TryGetValue(context.Request.Query["userid"].ToString(), out var user))
        {
            await Error(context, UserNotFound, "invalid userid");
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
        var all = _departments.Values.OrderBy(d => d.Id).ToList();
        var selected = all;
        if (long.TryParse(context.Request.Query["id"].ToString(), out var rootId))
        {
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
