namespace Attendance.WeCom;

/// <summary>The WeCom settings are missing or malformed; the message names the offending keys.</summary>
public sealed class WeComConfigurationException(string message) : Exception(message);
