using Attendance.WeCom.Models;
using Flurl.Http;

namespace Attendance.WeCom.Client;

public sealed partial class WeComClient
{
    public Task<CgiBinUserGetResponse> ExecuteCgiBinUserGetAsync(string userId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(userId);
        return GetJsonAsync<CgiBinUserGetResponse>(Apis.UserGet, r => r.SetQueryParam("userid", userId), cancellationToken);
    }

    /// <summary>Departments under <paramref name="departmentId"/> (inclusive), or all the app can see when null.</summary>
    public Task<CgiBinDepartmentListResponse> ExecuteCgiBinDepartmentListAsync(long? departmentId = null, CancellationToken cancellationToken = default) =>
        GetJsonAsync<CgiBinDepartmentListResponse>(Apis.DepartmentList, r =>
        {
            if (departmentId is { } id)
                r.SetQueryParam("id", id);
        }, cancellationToken);
}
