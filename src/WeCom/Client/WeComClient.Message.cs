using System.Globalization;
using Attendance.WeCom.Models;
using Microsoft.Extensions.Logging;

namespace Attendance.WeCom.Client;

public sealed partial class WeComClient
{
    public async Task<CgiBinMessageSendResponse> ExecuteCgiBinMessageSendAsync(CgiBinMessageSendRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        request.AgentId ??= AgentId();
        var response = await PostJsonAsync<CgiBinMessageSendResponse>(Apis.MessageSend, request, cancellationToken);
        if (!string.IsNullOrEmpty(response.InvalidUser) || !string.IsNullOrEmpty(response.InvalidParty))
            _logger.LogWarning("WeCom message/send skipped invalid recipients: users {Users}, departments {Parties}", response.InvalidUser, response.InvalidParty);
        return response;
    }

    public Task<CgiBinMessageUpdateTemplateCardResponse> ExecuteCgiBinMessageUpdateTemplateCardAsync(CgiBinMessageUpdateTemplateCardRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        request.AgentId ??= AgentId();
        return PostJsonAsync<CgiBinMessageUpdateTemplateCardResponse>(Apis.MessageUpdateTemplateCard, request, cancellationToken);
    }

    public Task<CgiBinAppChatCreateResponse> ExecuteCgiBinAppChatCreateAsync(CgiBinAppChatCreateRequest request, CancellationToken cancellationToken = default) =>
        PostJsonAsync<CgiBinAppChatCreateResponse>(Apis.AppChatCreate, request, cancellationToken);

    public Task<CgiBinAppChatSendResponse> ExecuteCgiBinAppChatSendAsync(CgiBinAppChatSendRequest request, CancellationToken cancellationToken = default) =>
        PostJsonAsync<CgiBinAppChatSendResponse>(Apis.AppChatSend, request, cancellationToken);

    private int AgentId() =>
        int.TryParse(_options.AgentId, NumberStyles.Integer, CultureInfo.InvariantCulture, out var id)
            ? id
            : throw new WeComConfigurationException("WeCom:AgentId is required to send app messages");
}
