using System.Globalization;
using System.Text.Json;
using NSynthBox.Engine;
using NSynthBox.Midi;

namespace NSynthBox.Web;

/// <summary>
/// Validates every message a page sends (JSON, one object per WebSocket text message, its type in
/// "t") into a <see cref="ClientRequest"/>. Never throws: a bad message becomes an
/// <see cref="InvalidRequest"/> whose text names the field and what was expected.
/// </summary>
internal sealed class ClientMessageParser(int instrumentCount, int patchSlots, float pitchBendRange)
{
    private static readonly JsonDocumentOptions DocumentOptions = new() { MaxDepth = 8 };
    private static readonly string[] KnobNames = Enum.GetNames<Knob>().Select(n => n.ToLowerInvariant()).ToArray();
    private readonly MidiControlMapper _midi = new(pitchBendRange);

    /// <summary>Message types and the fields each may carry (besides "t" and "id").</summary>
    private static readonly Dictionary<string, string[]> Fields = new(StringComparer.Ordinal)
    {
        ["ping"] = [],
        ["xy"] = ["x", "y"],
        ["knob"] = ["knob", "v"],
        ["corner"] = ["corner", "instrument"],
        ["noteOn"] = ["note", "velocity", "channel"],
        ["noteOff"] = ["note", "channel"],
        ["sustain"] = ["down"],
        ["modWheel"] = ["v"],
        ["bend"] = ["v", "channel"],
        ["allNotesOff"] = [],
        ["patch"] = ["action", "slot"],
        ["midi"] = ["data"],
        ["settings"] = ["action", "settings"],
    };

    public ClientRequest Parse(ReadOnlyMemory<byte> utf8, PanelSettings? current)
    {
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(utf8, DocumentOptions);
        }
        catch (JsonException e)
        {
            return new InvalidRequest($"not valid JSON: {e.Message}", null);
        }
        using (doc)
        {
            try
            {
                return Parse(doc.RootElement, current);
            }
            catch (MessageException e)
            {
                return new InvalidRequest(e.Message, TryId(doc.RootElement));
            }
            catch (InvalidOperationException)
            {
                // System.Text.Json parses such text but refuses to turn it into a string (found by fuzzing).
                return new InvalidRequest("a name or text value is not valid UTF-8 or holds a lone UTF-16 surrogate (\\ud800)", null);
            }
        }
    }

    private ClientRequest Parse(JsonElement root, PanelSettings? current)
    {
        if (root.ValueKind != JsonValueKind.Object) throw new MessageException("expected a JSON object such as {\"t\":\"xy\",\"x\":0.5,\"y\":0.5}");
        var id = TryId(root);
        if (root.TryGetProperty("id", out var idElement) && id is null) throw new MessageException("id: expected a number");
        if (!root.TryGetProperty("t", out var typeElement) || typeElement.ValueKind != JsonValueKind.String)
            throw new MessageException($"t: expected the message type, one of {string.Join(", ", Fields.Keys)}");
        var type = typeElement.GetString()!;
        if (!Fields.TryGetValue(type, out var allowed)) throw new MessageException($"t: unknown message type '{Clip(type)}'; expected one of {string.Join(", ", Fields.Keys)}");
        foreach (var property in root.EnumerateObject())
        {
            if (property.Name is not ("t" or "id") && !allowed.Contains(property.Name))
                throw new MessageException($"{type}: unexpected field '{Clip(property.Name)}'{(allowed.Length > 0 ? $"; expected {string.Join(", ", allowed)}" : "")}");
        }

        return type switch
        {
            "ping" => new PingRequest(id),
            "xy" => Control(ControlEvent.Position2D(Number(root, "x", 0, 1), Number(root, "y", 0, 1)), id),
            "knob" => Control(ControlEvent.SetKnob(KnobOf(root), Number(root, "v", 0, 1)), id),
            "corner" => Control(ControlEvent.SetCorner(Integer(root, "corner", 0, 3), Integer(root, "instrument", 0, instrumentCount - 1)), id),
            "noteOn" => Control(ControlEvent.NoteOn(Integer(root, "note", 0, 127), Number(root, "velocity", 0, 1), Channel(root)), id),
            "noteOff" => Control(ControlEvent.NoteOff(Integer(root, "note", 0, 127), Channel(root)), id),
            "sustain" => Control(ControlEvent.Sustain(Boolean(root, "down")), id),
            "modWheel" => Control(ControlEvent.ModWheel(Number(root, "v", 0, 1)), id),
            "bend" => Control(ControlEvent.PitchBend(Number(root, "v", -1, 1) * pitchBendRange, Channel(root)), id),
            "allNotesOff" => Control(ControlEvent.AllNotesOff(), id),
            "patch" => Control(Patch(root), id),
            "midi" => Midi(root, id),
            "settings" => Settings(root, current ?? new PanelSettings(), id),
            _ => throw new MessageException($"t: unknown message type '{Clip(type)}'"),
        };
    }

    private static ControlRequest Control(ControlEvent e, double? id) => new(e, id);

    private static double? TryId(JsonElement root) =>
        root.ValueKind == JsonValueKind.Object && root.TryGetProperty("id", out var id) && id.ValueKind == JsonValueKind.Number
        && id.TryGetDouble(out var value) && double.IsFinite(value) ? value : null;

    private static float Number(JsonElement root, string name, double min, double max)
    {
        if (!root.TryGetProperty(name, out var e)) throw new MessageException($"{name}: missing (expected a number {Range(min, max)})");
        if (e.ValueKind != JsonValueKind.Number || !e.TryGetDouble(out var value) || !double.IsFinite(value))
            throw new MessageException($"{name}: expected a number {Range(min, max)}, found {Describe(e)}");
        if (value < min || value > max) throw new MessageException($"{name} {value.ToString(CultureInfo.InvariantCulture)}: expected {Range(min, max)}");
        return (float)value;
    }

    private static int Integer(JsonElement root, string name, int min, int max)
    {
        if (!root.TryGetProperty(name, out var e)) throw new MessageException($"{name}: missing (expected a whole number {min}..{max})");
        if (e.ValueKind != JsonValueKind.Number || !e.TryGetInt32(out var value))
            throw new MessageException($"{name}: expected a whole number {min}..{max}, found {Describe(e)}");
        if (value < min || value > max) throw new MessageException($"{name} {value}: expected {min}..{max}");
        return value;
    }

    private static byte Channel(JsonElement root) => root.TryGetProperty("channel", out _) ? (byte)Integer(root, "channel", 0, 15) : (byte)0;

    private static bool Boolean(JsonElement root, string name) =>
        root.TryGetProperty(name, out var e) && e.ValueKind is JsonValueKind.True or JsonValueKind.False
            ? e.GetBoolean()
            : throw new MessageException($"{name}: expected true or false");

    private static string Text(JsonElement root, string name, params string[] choices)
    {
        if (root.TryGetProperty(name, out var e) && e.ValueKind == JsonValueKind.String && choices.Contains(e.GetString()))
            return e.GetString()!;
        throw new MessageException($"{name}: expected one of {string.Join(", ", choices.Select(c => $"\"{c}\""))}");
    }

    private static Knob KnobOf(JsonElement root)
    {
        if (!root.TryGetProperty("knob", out var e)) throw new MessageException($"knob: missing (expected {string.Join(", ", KnobNames)} or 0..5)");
        if (e.ValueKind == JsonValueKind.String)
        {
            var index = Array.IndexOf(KnobNames, e.GetString());
            return index >= 0 ? (Knob)index : throw new MessageException($"knob: unknown knob '{Clip(e.GetString()!)}'; expected {string.Join(", ", KnobNames)}");
        }
        return (Knob)Integer(root, "knob", 0, KnobNames.Length - 1);
    }

    private ControlEvent Patch(JsonElement root)
    {
        var action = Text(root, "action", "recall", "save");
        var slot = Integer(root, "slot", 0, patchSlots - 1);
        return action == "save" ? ControlEvent.SavePatch(slot) : ControlEvent.RecallPatch(slot);
    }

    /// <summary>Raw bytes from the browser's MIDI input, mapped as the box maps its own MIDI input.</summary>
    private ClientRequest Midi(JsonElement root, double? id)
    {
        if (!root.TryGetProperty("data", out var data) || data.ValueKind != JsonValueKind.Array || data.GetArrayLength() is < 1 or > MidiMessage.MaxLength)
            throw new MessageException("data: expected an array of 1..3 MIDI bytes");
        Span<byte> bytes = stackalloc byte[MidiMessage.MaxLength];
        var n = 0;
        foreach (var b in data.EnumerateArray())
        {
            if (b.ValueKind != JsonValueKind.Number || !b.TryGetByte(out var value)) throw new MessageException($"data[{n}]: expected a byte 0..255, found {Describe(b)}");
            bytes[n++] = value;
        }
        MidiMessage message;
        try
        {
            message = new MidiMessage(bytes[0], bytes[1], bytes[2]);
        }
        catch (ArgumentOutOfRangeException e)
        {
            throw new MessageException($"data: not a MIDI 1.0 message ({e.Message.Split('\n')[0]})");
        }
        if (message.Length != n) throw new MessageException($"data: status 0x{bytes[0]:X2} takes {message.Length} bytes, found {n}");
        return _midi.TryMap(message, out var e2) ? new ControlRequest(e2, id) : new IgnoredRequest(id);
    }

    private static SettingsRequest Settings(JsonElement root, PanelSettings current, double? id)
    {
        var save = Text(root, "action", "validate", "save") == "save";
        if (!root.TryGetProperty("settings", out var s) || s.ValueKind != JsonValueKind.Object)
            throw new MessageException("settings: expected an object with midiChannel, ccMap, audioDevice, modelPath");
        var errors = new Dictionary<string, string>();
        var result = current;
        foreach (var property in s.EnumerateObject())
        {
            var value = property.Value;
            switch (property.Name)
            {
                case PanelSettings.Fields.MidiChannel:
                    if (WholeNumber(value) is { } channel) result = result with { MidiChannel = channel };
                    else if (value.ValueKind == JsonValueKind.String && string.IsNullOrWhiteSpace(value.GetString()))
                        errors[PanelSettings.Fields.MidiChannel] = "required: a channel 1..16, or 0 for omni (every channel)";
                    else errors[PanelSettings.Fields.MidiChannel] = $"{Describe(value)}: expected a whole number 1..16, or 0 for omni (every channel)";
                    break;
                case PanelSettings.Fields.CcMap:
                    result = result with { CcMap = CcMap(value, current, errors) };
                    break;
                case PanelSettings.Fields.AudioDevice:
                    if (value.ValueKind == JsonValueKind.String) result = result with { AudioDevice = value.GetString()! };
                    else errors[PanelSettings.Fields.AudioDevice] = "expected text such as default or hw:1,0";
                    break;
                case PanelSettings.Fields.ModelPath:
                    if (value.ValueKind == JsonValueKind.String) result = result with { ModelPath = value.GetString()! };
                    else errors[PanelSettings.Fields.ModelPath] = "expected a folder path (text)";
                    break;
                default:
                    throw new MessageException($"settings: unexpected field '{Clip(property.Name)}'; expected midiChannel, ccMap, audioDevice, modelPath");
            }
        }
        return new SettingsRequest(save, result, errors, id);
    }

    private static Dictionary<string, int?> CcMap(JsonElement value, PanelSettings current, Dictionary<string, string> errors)
    {
        var map = new Dictionary<string, int?>(current.CcMap);
        if (value.ValueKind != JsonValueKind.Object)
        {
            errors[PanelSettings.Fields.CcMap] = "expected an object of control name to CC number";
            return map;
        }
        foreach (var entry in value.EnumerateObject())
        {
            if (entry.Name.Length > 32)
            {
                errors[PanelSettings.Fields.CcMap] = $"unknown control '{Clip(entry.Name)}'";
                continue;
            }
            if (entry.Value.ValueKind == JsonValueKind.Null || entry.Value.ValueKind == JsonValueKind.String && string.IsNullOrWhiteSpace(entry.Value.GetString()))
                map[entry.Name] = null;
            else if (WholeNumber(entry.Value) is { } cc)
                map[entry.Name] = cc;
            else
                errors[PanelSettings.Fields.Cc(entry.Name)] = $"{Describe(entry.Value)}: expected a CC number 0..119, or empty for none";
        }
        return map;
    }

    /// <summary>A whole number, also typed into a text field ("7").</summary>
    private static int? WholeNumber(JsonElement e) => e.ValueKind switch
    {
        JsonValueKind.Number when e.TryGetInt32(out var i) => i,
        JsonValueKind.String when int.TryParse(e.GetString()!.Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var i) => i,
        _ => null,
    };

    private static string Range(double min, double max) =>
        $"{min.ToString(CultureInfo.InvariantCulture)}..{max.ToString(CultureInfo.InvariantCulture)}";

    private static string Describe(JsonElement e) => e.ValueKind switch
    {
        JsonValueKind.String => $"\"{Clip(e.GetString()!)}\"",
        JsonValueKind.Number => Clip(e.GetRawText()),
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.True or JsonValueKind.False => e.GetRawText(),
        _ => "null",
    };

    private static string Clip(string s) => s.Length <= 40 ? s : s[..40] + "…";

    private sealed class MessageException(string message) : Exception(message);
}
