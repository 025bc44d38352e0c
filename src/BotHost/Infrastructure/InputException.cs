using Attendance.Rules.Common;

namespace Attendance.BotHost.Infrastructure;

/// <summary>Bad input from outside, answered as RFC 7807 problem+json naming each wrong field.</summary>
public sealed class InputException(int status, string title, IReadOnlyList<FieldError> errors) : Exception(title)
{
    public int Status { get; } = status;

    public IReadOnlyList<FieldError> Errors { get; } = errors;

    public static InputException Invalid(FieldErrors errors) =>
        new(StatusCodes.Status400BadRequest, "The request has invalid fields.", errors.Items);

    public static InputException Invalid(string field, string message) =>
        new(StatusCodes.Status400BadRequest, "The request has invalid fields.", [new FieldError(field, message)]);
}
