using System.Buffers;
using System.Text.Json;
using NSynthBox.Engine;

namespace NSynthBox.Web;

/// <summary>The messages the server sends to pages (UTF-8 JSON, type in "t").</summary>
internal static class PanelJson
{
    private static readonly string[] KnobNames = Enum.GetNames<Knob>().Select(n => n.ToLowerInvariant()).ToArray();

    private static byte[] Write(Action<Utf8JsonWriter> body)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            body(w);
            w.WriteEndObject();
        }
        return buffer.WrittenSpan.ToArray();
    }

    public static byte[] Hello(IWebPanelBackend backend, LatentMap map, WebPanelOptions options, bool canWrite, bool pinRequired,
        InstrumentSnapshot snapshot, PanelSettings? settings) => Write(w =>
    {
        w.WriteString("t", "hello");
        w.WriteBoolean("canWrite", canWrite);
        w.WriteBoolean("pinRequired", pinRequired);
        w.WriteString("model", backend.ModelName);
        w.WriteNumber("polyphony", backend.Polyphony);
        w.WriteNumber("patchSlots", options.PatchSlots);
        w.WriteNumber("maxMessageBytes", options.MaxMessageBytes);
        w.WriteBoolean("canImportSounds", backend.CanImportSounds);
        w.WriteNumber("maxUploadBytes", options.MaxUploadBytes);
        w.WriteNumber("explainedVariance", Math.Round(map.ExplainedVariance, 3));
        w.WriteStartArray("knobNames");
        foreach (var k in KnobNames) w.WriteStringValue(k);
        w.WriteEndArray();
        w.WriteStartArray("instruments");
        var instruments = backend.Instruments;
        for (var i = 0; i < instruments.Count; i++)
        {
            var inst = instruments[i];
            w.WriteStartObject();
            w.WriteNumber("i", inst.Index);
            w.WriteString("name", inst.Name);
            w.WriteString("family", inst.Family);
            w.WriteNumber("program", inst.Program);
            w.WriteNumber("mx", Math.Round(map.Points[i].X, 4));
            w.WriteNumber("my", Math.Round(map.Points[i].Y, 4));
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WritePropertyName("state");
        WriteState(w, snapshot);
        w.WritePropertyName("settings");
        WriteSettings(w, settings);
        w.WriteStartArray("ccTargets");
        foreach (var t in PanelSettings.CcTargets) w.WriteStringValue(t);
        w.WriteEndArray();
    });

    public static byte[] State(InstrumentSnapshot s) => Write(w =>
    {
        w.WriteString("t", "state");
        WriteStateFields(w, s);
    });

    private static void WriteState(Utf8JsonWriter w, InstrumentSnapshot s)
    {
        w.WriteStartObject();
        WriteStateFields(w, s);
        w.WriteEndObject();
    }

    private static void WriteStateFields(Utf8JsonWriter w, InstrumentSnapshot s)
    {
        w.WriteNumber("x", Math.Round(s.X, 4));
        w.WriteNumber("y", Math.Round(s.Y, 4));
        w.WriteStartArray("corners");
        foreach (var c in s.Corners) w.WriteNumberValue(c);
        w.WriteEndArray();
        w.WriteStartArray("knobs");
        foreach (var k in s.Knobs) w.WriteNumberValue(Math.Round(k, 4));
        w.WriteEndArray();
        w.WriteNumber("voices", s.ActiveVoices);
    }

    public static byte[] Meters(double peak, int voices, PanelMetrics metrics, int clients) => Write(w =>
    {
        w.WriteString("t", "meters");
        w.WriteNumber("peak", Math.Round(peak, 5));
        w.WriteNumber("voices", voices);
        w.WriteNumber("lateFrames", metrics.LateFrames);
        if (metrics.Underruns is { } u) w.WriteNumber("underruns", u);
        else w.WriteNull("underruns");
        if (metrics.ControlWorkerCpu is { } cpu && double.IsFinite(cpu)) w.WriteNumber("cpu", Math.Round(cpu, 4));
        else w.WriteNull("cpu");
        w.WriteNumber("clients", clients);
    });

    public static byte[] Warnings(IReadOnlyList<PanelWarning> warnings) => Write(w =>
    {
        w.WriteString("t", "warnings");
        w.WriteStartArray("items");
        for (var i = warnings.Count - 1; i >= 0; i--) // newest first
        {
            var item = warnings[i];
            w.WriteStartObject();
            w.WriteString("time", item.Time.ToUniversalTime().ToString("O"));
            w.WriteString("level", item.Level.ToString());
            w.WriteString("category", item.Category);
            w.WriteString("message", item.Message);
            w.WriteEndObject();
        }
        w.WriteEndArray();
    });

    public static byte[] Settings(PanelSettings? settings) => Write(w =>
    {
        w.WriteString("t", "settings");
        w.WritePropertyName("settings");
        WriteSettings(w, settings);
    });

    private static void WriteSettings(Utf8JsonWriter w, PanelSettings? s)
    {
        if (s is null)
        {
            w.WriteNullValue();
            return;
        }
        w.WriteStartObject();
        w.WriteNumber(PanelSettings.Fields.MidiChannel, s.MidiChannel);
        w.WriteStartObject(PanelSettings.Fields.CcMap);
        foreach (var target in PanelSettings.CcTargets)
        {
            if (s.CcMap.TryGetValue(target, out var cc) && cc is { } n) w.WriteNumber(target, n);
            else w.WriteNull(target);
        }
        w.WriteEndObject();
        w.WriteString(PanelSettings.Fields.AudioDevice, s.AudioDevice);
        w.WriteString(PanelSettings.Fields.ModelPath, s.ModelPath);
        w.WriteEndObject();
    }

    public static byte[] SettingsResult(bool save, bool ok, IReadOnlyDictionary<string, string> errors, string message, double? id) => Write(w =>
    {
        w.WriteString("t", "settingsResult");
        w.WriteString("action", save ? "save" : "validate");
        w.WriteBoolean("ok", ok);
        w.WriteStartObject("errors");
        foreach (var (field, error) in errors) w.WriteString(field, error);
        w.WriteEndObject();
        w.WriteString("message", message);
        WriteId(w, id);
    });

    public static byte[] Pong(double? id) => Write(w =>
    {
        w.WriteString("t", "pong");
        WriteId(w, id);
    });

    public static byte[] Error(string message, double? id, string code = "invalid") => Write(w =>
    {
        w.WriteString("t", "error");
        w.WriteString("code", code);
        w.WriteString("error", message);
        WriteId(w, id);
    });

    private static void WriteId(Utf8JsonWriter w, double? id)
    {
        if (id is { } value) w.WriteNumber("id", value);
    }
}
