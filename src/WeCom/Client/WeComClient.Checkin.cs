using Attendance.WeCom.Models;

namespace Attendance.WeCom.Client;

public sealed partial class WeComClient
{
    public Task<CgiBinCheckinGetCheckinDataResponse> ExecuteCgiBinCheckinGetCheckinDataAsync(CgiBinCheckinGetCheckinDataRequest request, CancellationToken cancellationToken = default) =>
        PostJsonAsync<CgiBinCheckinGetCheckinDataResponse>(Apis.CheckinGetCheckinData, request, cancellationToken);

    public Task<CgiBinCheckinAddCheckinRecordResponse> ExecuteCgiBinCheckinAddCheckinRecordAsync(CgiBinCheckinAddCheckinRecordRequest request, CancellationToken cancellationToken = default) =>
        PostJsonAsync<CgiBinCheckinAddCheckinRecordResponse>(Apis.CheckinAddCheckinRecord, request, cancellationToken);
}
