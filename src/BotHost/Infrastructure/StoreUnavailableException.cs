namespace Attendance.BotHost.Infrastructure;

/// <summary>
/// A store other than the database (the photo store: disk full, read-only, unreachable) cannot take the write; answered
/// 503 with <c>Retry-After</c>, like an unavailable database, so the client retries the same request later.
/// </summary>
public sealed class StoreUnavailableException(string message, Exception inner) : Exception(message, inner);
