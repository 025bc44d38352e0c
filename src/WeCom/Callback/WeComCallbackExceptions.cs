namespace Attendance.WeCom.Callback;

/// <summary>A callback request failed a check; the host answers it with 4xx and logs the subtype.</summary>
public abstract class WeComCallbackException(string message, Exception? inner = null) : Exception(message, inner);

public sealed class WeComCallbackSignatureException()
    : WeComCallbackException("WeCom callback signature mismatch");

public sealed class WeComCallbackTimestampException(string reason)
    : WeComCallbackException($"WeCom callback timestamp refused: {reason}");

/// <summary>The Encrypt value is not Base64, or its length is not a whole number of 32-byte blocks.</summary>
public sealed class WeComCallbackCipherException(string reason, Exception? inner = null)
    : WeComCallbackException($"WeCom callback cipher text invalid: {reason}", inner);

public sealed class WeComCallbackPaddingException(string reason)
    : WeComCallbackException($"WeCom callback padding invalid: {reason}");

public sealed class WeComCallbackLengthException(string reason)
    : WeComCallbackException($"WeCom callback length field invalid: {reason}");

public sealed class WeComCallbackReceiveIdException()
    : WeComCallbackException("WeCom callback receiveid does not match our CorpId");

public sealed class WeComCallbackXmlException(string reason, Exception? inner = null)
    : WeComCallbackException($"WeCom callback XML refused: {reason}", inner);
