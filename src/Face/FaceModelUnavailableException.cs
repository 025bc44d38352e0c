namespace Attendance.Face;

/// <summary>The model pack is missing, incomplete or does not match its manifest: face checks cannot run.</summary>
public sealed class FaceModelUnavailableException : Exception
{
    public FaceModelUnavailableException(string directory, string reason, Exception? inner = null)
        : base($"Face model pack in '{directory}' is unavailable: {reason}. Run scripts/fetch-face-models.sh to fetch it.", inner)
    {
        Directory = directory;
        Reason = reason;
    }

    public string Directory { get; }

    public string Reason { get; }
}
