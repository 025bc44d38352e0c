namespace Attendance.WeCom.Simulator;

/// <summary>
/// What the simulated corp keeps across restarts, as WeCom keeps a chat's history: the app's identity, the messages
/// members received, the media still within its three days, the task ids used and the response codes not yet spent.
/// Tokens are not kept: a restarted client asks for a new one, as it would after WeCom revoked the old.
/// </summary>
public sealed record SimulatorState(
    string CorpId,
    string AgentId,
    string AgentSecret,
    string CallbackToken,
    string CallbackEncodingAESKey,
    IReadOnlyList<SimulatedMessage> Messages,
    IReadOnlyList<SimulatedMedia> Media,
    IReadOnlyDictionary<string, DateTimeOffset> MediaUploadedAt,
    int MediaSerial,
    IReadOnlyList<string> TaskIds,
    IReadOnlyDictionary<string, DateTimeOffset> ResponseCodes,
    IReadOnlyDictionary<string, string> ResponseCodeTasks,
    IReadOnlyDictionary<string, string> Chats,
    IReadOnlyDictionary<string, string[]> ChatMembers);

public sealed partial class WeComSimulator
{
    public SimulatorState ExportState()
    {
        var now = TimeProvider.GetUtcNow();
        var fresh = _mediaUploadedAt.Where(m => now - m.Value < MediaLifetime).ToDictionary(m => m.Key, m => m.Value, StringComparer.Ordinal);
        return new SimulatorState(CorpId, AgentId, AgentSecret, CallbackToken, CallbackEncodingAESKey, Messages,
            [.. _media.Values.Where(m => fresh.ContainsKey(m.MediaId))], fresh, _mediaSerial, [.. _taskIds.Keys],
            _responseCodes.Where(c => now - c.Value < TimeSpan.FromHours(72)).ToDictionary(c => c.Key, c => c.Value, StringComparer.Ordinal),
            new Dictionary<string, string>(_responseCodeTasks, StringComparer.Ordinal), new Dictionary<string, string>(_chats, StringComparer.Ordinal),
            new Dictionary<string, string[]>(_chatMembers, StringComparer.Ordinal));
    }

    /// <summary>Takes over a state saved by <see cref="ExportState"/>; call before anything is sent.</summary>
    public void ImportState(SimulatorState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        (CorpId, AgentId, AgentSecret, CallbackToken, CallbackEncodingAESKey) =
            (state.CorpId, state.AgentId, state.AgentSecret, state.CallbackToken, state.CallbackEncodingAESKey);
        lock (_lock)
        {
            _messages.Clear();
            _messages.AddRange(state.Messages.OrderBy(m => m.Seq));
        }

        foreach (var media in state.Media)
            _media[media.MediaId] = media;
        foreach (var (id, at) in state.MediaUploadedAt)
            _mediaUploadedAt[id] = at;
        // Ids of expired media are never given again: an old message's link must not lead to a newer file.
        _mediaSerial = state.MediaSerial;
        foreach (var task in state.TaskIds)
            _taskIds[task] = 0;
        foreach (var (code, at) in state.ResponseCodes)
            _responseCodes[code] = at;
        foreach (var (code, task) in state.ResponseCodeTasks)
            _responseCodeTasks[code] = task;
        foreach (var (id, name) in state.Chats)
            _chats[id] = name;
        foreach (var (id, members) in state.ChatMembers)
            _chatMembers[id] = members;
    }
}
