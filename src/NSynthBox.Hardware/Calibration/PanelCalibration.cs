using System.Globalization;
using System.Text;
using System.Text.Json;
using NSynthBox.Engine;

namespace NSynthBox.Hardware;

/// <summary>
/// What <c>nsynthbox calibrate</c> measured: each knob's raw end-stop readings and the touch
/// electrodes' baselines with nobody touching. Saved as JSON atomically (temporary file, flushed
/// to disk, renamed over the old one), so a power cut never leaves half a file.
/// </summary>
public sealed record PanelCalibration
{
    public const int CurrentVersion = 1;

    public int Version { get; init; } = CurrentVersion;

    public string Board { get; init; } = "";

    public DateTimeOffset Created { get; init; }

    public IReadOnlyList<KnobRange> Knobs { get; init; } = [];

    /// <summary>Baselines of the MPR121's 12 electrodes (10-bit counts), or empty.</summary>
    public IReadOnlyList<int> TouchBaselines { get; init; } = [];

    /// <summary>Its file name in the box's state folder (State:Directory), where calibrate writes it and the running box reads it.</summary>
    public const string FileName = "calibration.json";

    /// <summary>Loads a saved calibration, or null when the file does not exist.</summary>
    /// <exception cref="InvalidDataException">The file is not a calibration this version understands.</exception>
    public static PanelCalibration? TryLoad(string path)
    {
        if (!File.Exists(path))
        {
            return null;
        }

        try
        {
            using JsonDocument doc = JsonDocument.Parse(File.ReadAllText(path));
            JsonElement root = doc.RootElement;
            int version = root.GetProperty("version").GetInt32();
            if (version != CurrentVersion)
            {
                throw new InvalidDataException($"{path}: calibration version {version}, expected {CurrentVersion}; run nsynthbox calibrate again");
            }

            return new PanelCalibration
            {
                Version = version,
                Board = root.TryGetProperty("board", out JsonElement b) ? b.GetString() ?? "" : "",
                Created = root.TryGetProperty("created", out JsonElement c) ? c.GetDateTimeOffset() : default,
                Knobs = [.. root.GetProperty("knobs").EnumerateArray().Select(k => new KnobRange(
                    Enum.Parse<Knob>(k.GetProperty("knob").GetString()!, ignoreCase: true),
                    k.GetProperty("min").GetInt32(),
                    k.GetProperty("max").GetInt32()))],
                TouchBaselines = [.. root.GetProperty("touchBaselines").EnumerateArray().Select(e => e.GetInt32())],
            };
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or FormatException or ArgumentException or InvalidOperationException)
        {
            throw new InvalidDataException($"{path} is not a valid calibration file ({e.Message}); run nsynthbox calibrate again", e);
        }
    }

    /// <summary>Writes the calibration atomically: a temporary file beside it, flushed to disk, then renamed over it.</summary>
    public void Save(string path)
    {
        string full = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        string temp = full + ".tmp";
        using (var stream = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None))
        {
            stream.Write(Encoding.UTF8.GetBytes(ToJson()));
            stream.Flush(flushToDisk: true);
        }

        File.Move(temp, full, overwrite: true);
    }

    public string ToJson()
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartObject();
            json.WriteNumber("version", Version);
            json.WriteString("board", Board);
            json.WriteString("created", Created.ToString("O", CultureInfo.InvariantCulture));
            json.WriteStartArray("knobs");
            foreach (KnobRange k in Knobs)
            {
                json.WriteStartObject();
                json.WriteString("knob", k.Knob.ToString());
                json.WriteNumber("min", k.Min);
                json.WriteNumber("max", k.Max);
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteStartArray("touchBaselines");
            foreach (int baseline in TouchBaselines)
            {
                json.WriteNumberValue(baseline);
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray()) + "\n";
    }
}
