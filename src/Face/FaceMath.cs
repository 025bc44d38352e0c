namespace Attendance.Face;

public static class FaceMath
{
    /// <summary>Cosine similarity in [-1, 1]; 0 when either vector is all zeros.</summary>
    public static float Cosine(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        if (a.Length != b.Length)
            throw new ArgumentException($"Vectors differ in length ({a.Length} vs {b.Length}).", nameof(b));

        double dot = 0, na = 0, nb = 0;
        for (var i = 0; i < a.Length; i++)
        {
            dot += (double)a[i] * b[i];
            na += (double)a[i] * a[i];
            nb += (double)b[i] * b[i];
        }

        if (na == 0 || nb == 0)
            return 0f;
        return (float)Math.Clamp(dot / Math.Sqrt(na * nb), -1.0, 1.0);
    }

    /// <summary>Scales the vector to unit length in place (left as is when it is all zeros).</summary>
    public static void Normalize(Span<float> v)
    {
        double sum = 0;
        foreach (var x in v)
            sum += (double)x * x;
        if (sum == 0)
            return;
        var inv = (float)(1.0 / Math.Sqrt(sum));
        for (var i = 0; i < v.Length; i++)
            v[i] *= inv;
    }
}
