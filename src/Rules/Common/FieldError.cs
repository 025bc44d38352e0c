namespace Attendance.Rules.Common;

/// <summary>One thing wrong with an input, named by its JSON path (e.g. <c>circle.radiusMeters</c>).</summary>
public sealed record FieldError(string Field, string Message);

/// <summary>Collects field errors while a validator walks an input.</summary>
public sealed class FieldErrors
{
    private readonly List<FieldError> _errors = [];

    public IReadOnlyList<FieldError> Items => _errors;

    public bool IsEmpty => _errors.Count == 0;

    public void Add(string field, string message) => _errors.Add(new FieldError(field, message));

    public void AddRange(IEnumerable<FieldError> errors) => _errors.AddRange(errors);

    /// <summary>Adds an error when <paramref name="condition"/> is false; returns the condition.</summary>
    public bool Require(bool condition, string field, string message)
    {
        if (!condition)
        {
            Add(field, message);
        }

        return condition;
    }

    /// <summary>Checks a required, trimmed text of bounded length.</summary>
    public bool RequireText(string? value, string field, int maxLength)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            Add(field, "is required");
            return false;
        }

        if (value.Length > maxLength)
        {
            Add(field, $"must be at most {maxLength} characters");
            return false;
        }

        if (value.Any(char.IsControl))
        {
            Add(field, "must not contain control characters");
            return false;
        }

        return true;
    }
}
