using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Globalization;
using System.Text;

namespace Attendance.Bench.Scenarios;

/// <summary>
/// The exporter the host had before OpenTelemetry (src/BotHost/Infrastructure/PrometheusExporter.cs at 7e539b8), kept
/// here only for the one run that measured it beside its replacements (docs/benchmarks.md, metrics).
/// <para>
/// Renders System.Diagnostics.Metrics instruments (ours under "Attendance", and ASP.NET Core's and Kestrel's) as
/// Prometheus text. Counters and up-down counters are summed per tag set; histograms keep fixed buckets. ASP.NET
/// Core's and Kestrel's instruments are taken only from this host's own meter factory, so a second web application in
/// the same process (tests, the benchmark's bare endpoint) neither shows up in these metrics nor pays for them.
/// </para>
/// </summary>
public sealed class HandWrittenExporter : IDisposable
{
    public const string MeterName = "Attendance";

    private static readonly string[] Meters = [MeterName, "Microsoft.AspNetCore.Hosting", "Microsoft.AspNetCore.Server.Kestrel"];
    private static readonly double[] Buckets = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

    private readonly MeterListener _listener = new();
    private readonly ConcurrentDictionary<(Instrument Instrument, string Labels), Series> _series = new();

    /// <summary>The series of each raw tag set seen, so a measurement formats its labels only the first time.</summary>
    private readonly ConcurrentDictionary<TagSet, Series> _byTags = new();

    public HandWrittenExporter(IMeterFactory? hostMeters = null)
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == MeterName || (Meters.Contains(instrument.Meter.Name) && (hostMeters is null || instrument.Meter.Scope == hostMeters)))
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((i, v, tags, _) => Record(i, v, tags));
        _listener.SetMeasurementEventCallback<int>((i, v, tags, _) => Record(i, v, tags));
        _listener.SetMeasurementEventCallback<double>((i, v, tags, _) => Record(i, v, tags));
        _listener.Start();
    }

    public string Render()
    {
        var text = new StringBuilder();
        foreach (var group in _series.GroupBy(s => s.Key.Instrument).OrderBy(g => g.Key.Name, StringComparer.Ordinal))
        {
            var instrument = group.Key;
            var name = MetricName(instrument);
            var histogram = instrument.GetType().Name.StartsWith("Histogram", StringComparison.Ordinal);
            var type = histogram ? "histogram" : instrument.GetType().Name.StartsWith("Counter", StringComparison.Ordinal) ? "counter" : "gauge";
            if (!string.IsNullOrEmpty(instrument.Description))
            {
                text.Append("# HELP ").Append(name).Append(' ').Append(instrument.Description.ReplaceLineEndings(" ")).Append('\n');
            }

            text.Append("# TYPE ").Append(name).Append(' ').Append(type).Append('\n');
            foreach (var (key, series) in group.OrderBy(s => s.Key.Labels, StringComparer.Ordinal))
            {
                series.Write(text, name, key.Labels, histogram);
            }
        }

        return text.ToString();
    }

    public void Dispose() => _listener.Dispose();

    private void Record(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var key = new TagSet(instrument, tags.ToArray());
        if (!_byTags.TryGetValue(key, out var series))
        {
            series = _byTags.GetOrAdd(key, k => _series.GetOrAdd((k.Instrument, Labels(k.Tags)), _ => new Series()));
        }

        series.Add(value);
    }

    private static string Labels(KeyValuePair<string, object?>[] tags)
    {
        if (tags.Length == 0)
        {
            return "";
        }

        var parts = new List<string>(tags.Length);
        foreach (var tag in tags)
        {
            var value = Convert.ToString(tag.Value, CultureInfo.InvariantCulture) ?? "";
            parts.Add($"{Sanitize(tag.Key)}=\"{value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal).ReplaceLineEndings(" ")}\"");
        }

        parts.Sort(StringComparer.Ordinal);
        return string.Join(",", parts);
    }

    private static string MetricName(Instrument instrument)
    {
        var name = Sanitize(instrument.Name);
        return instrument.Unit switch
        {
            "s" => name + "_seconds",
            "By" => name + "_bytes",
            _ => name,
        } + (instrument.GetType().Name.StartsWith("Counter", StringComparison.Ordinal) ? "_total" : "");
    }

    private static string Sanitize(string name)
    {
        var chars = name.Select(c => char.IsAsciiLetterOrDigit(c) ? c : '_').ToArray();
        return new string(chars);
    }

    /// <summary>An instrument and its measurement's tags as they came, compared by value.</summary>
    private readonly struct TagSet(Instrument instrument, KeyValuePair<string, object?>[] tags) : IEquatable<TagSet>
    {
        public Instrument Instrument { get; } = instrument;

        public KeyValuePair<string, object?>[] Tags { get; } = tags;

        public bool Equals(TagSet other)
        {
            if (!ReferenceEquals(Instrument, other.Instrument) || Tags.Length != other.Tags.Length)
            {
                return false;
            }

            for (var i = 0; i < Tags.Length; i++)
            {
                if (!string.Equals(Tags[i].Key, other.Tags[i].Key, StringComparison.Ordinal) || !Equals(Tags[i].Value, other.Tags[i].Value))
                {
                    return false;
                }
            }

            return true;
        }

        public override bool Equals(object? obj) => obj is TagSet other && Equals(other);

        public override int GetHashCode()
        {
            var hash = new HashCode();
            hash.Add(Instrument);
            foreach (var (key, value) in Tags)
            {
                hash.Add(key);
                hash.Add(value);
            }

            return hash.ToHashCode();
        }
    }

    private sealed class Series
    {
        private readonly long[] _buckets = new long[Buckets.Length];
        private readonly Lock _gate = new();
        private double _sum;
        private long _count;

        public void Add(double value)
        {
            lock (_gate)
            {
                _sum += value;
                _count++;
                for (var i = 0; i < Buckets.Length; i++)
                {
                    if (value <= Buckets[i])
                    {
                        _buckets[i]++;
                    }
                }
            }
        }

        public void Write(StringBuilder text, string name, string labels, bool histogram)
        {
            lock (_gate)
            {
                if (!histogram)
                {
                    Line(text, name, labels, _sum);
                    return;
                }

                for (var i = 0; i < Buckets.Length; i++)
                {
                    Line(text, name + "_bucket", Join(labels, $"le=\"{Buckets[i].ToString(CultureInfo.InvariantCulture)}\""), _buckets[i]);
                }

                Line(text, name + "_bucket", Join(labels, "le=\"+Inf\""), _count);
                Line(text, name + "_sum", labels, _sum);
                Line(text, name + "_count", labels, _count);
            }
        }

        private static string Join(string a, string b) => a.Length == 0 ? b : a + "," + b;

        private static void Line(StringBuilder text, string name, string labels, double value) =>
            text.Append(name).Append(labels.Length > 0 ? "{" + labels + "}" : "").Append(' ')
                .Append(value.ToString(CultureInfo.InvariantCulture)).Append('\n');
    }
}
