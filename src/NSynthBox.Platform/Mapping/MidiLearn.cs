using NSynthBox.Engine.Storage;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using NSynthBox.Platform.State;

namespace NSynthBox.Platform.Mapping;

/// <summary>
/// MIDI learn: <see cref="Arm"/> a control, move any knob or fader on a controller, and that
/// controller (CC number and channel) drives the control from then on, ahead of the default CC
/// map. Bindings are saved at once, atomically, to a JSON file in the state folder
/// (<c>midi-learn.json</c>: <c>{"version":1,"bindings":[{"channel":1,"controller":74,"control":"Attack"}]}</c>,
/// channels 1..16) and loaded at start. Thread-safe: arming comes from the panel or web thread,
/// learning from a MIDI thread.
/// </summary>
public sealed class MidiLearn
{
    public const string FileName = "midi-learn.json";

    private readonly string? _path;
    private readonly ILogger _logger;
    private readonly Lock _lock = new();
    private Dictionary<int, LearnedBinding> _bindings = [];
    private int _armed;

    /// <param name="path">Where bindings are kept (null: in memory only).</param>
    public MidiLearn(string? path, ILogger? logger = null)
    {
        _path = path;
        _logger = logger ?? NullLogger.Instance;
        if (path is not null && File.Exists(path)) Load(path);
    }

    /// <summary>The control waiting for a controller, or None.</summary>
    public ControlTarget Armed => (ControlTarget)Volatile.Read(ref _armed);

    public IReadOnlyList<LearnedBinding> Bindings => [.. Volatile.Read(ref _bindings).Values.OrderBy(b => b.Channel).ThenBy(b => b.Controller)];

    /// <summary>Called (on the MIDI thread) when a controller has been bound.</summary>
    public event Action<LearnedBinding>? Learned;

    /// <summary>The next controller moved will drive <paramref name="target"/>.</summary>
    public void Arm(ControlTarget target)
    {
        Volatile.Write(ref _armed, (int)target);
        if (target != ControlTarget.None) _logger.LogInformation("MIDI learn: move a controller to bind it to {Target}", target);
    }

    public void Cancel() => Volatile.Write(ref _armed, (int)ControlTarget.None);

    /// <summary>Controllers that are never learned: data entry and (N)RPN selection, bank select, pedal, channel mode.</summary>
    public static bool IsLearnable(int controller) => controller is not (0 or 32 or 6 or 38 or 64 or (>= 96 and <= 101) or >= 120);

    /// <summary>MIDI thread: binds (<paramref name="channel"/>, <paramref name="controller"/>) when armed. True when it did.</summary>
    public bool TryLearn(int channel, int controller)
    {
        var target = (ControlTarget)Interlocked.Exchange(ref _armed, (int)ControlTarget.None);
        if (target == ControlTarget.None) return false;
        if (!IsLearnable(controller))
        {
            Volatile.Write(ref _armed, (int)target); // keep waiting for a usable controller
            return false;
        }
        var binding = new LearnedBinding(channel, controller, target);
        lock (_lock)
        {
            // One controller per control: a control learned again forgets its old controller.
            var next = _bindings.Values.Where(b => b.Target != target).ToDictionary(b => Key(b.Channel, b.Controller));
            next[Key(channel, controller)] = binding;
            Volatile.Write(ref _bindings, next);
            Save();
        }
        _logger.LogInformation("MIDI learn: {Binding}", binding);
        Learned?.Invoke(binding);
        return true;
    }

    public bool TryGetTarget(int channel, int controller, out ControlTarget target)
    {
        if (Volatile.Read(ref _bindings).TryGetValue(Key(channel, controller), out var b))
        {
            target = b.Target;
            return true;
        }
        target = ControlTarget.None;
        return false;
    }

    /// <summary>Forgets every binding (and saves that).</summary>
    public void Clear()
    {
        lock (_lock)
        {
            Volatile.Write(ref _bindings, []);
            Save();
        }
    }

    private static int Key(int channel, int controller) => (channel << 8) | controller;

    private void Save()
    {
        if (_path is null) return;
        var list = new JsonArray();
        foreach (var b in _bindings.Values.OrderBy(b => b.Channel).ThenBy(b => b.Controller))
            list.Add(new JsonObject { ["channel"] = b.Channel + 1, ["controller"] = b.Controller, ["control"] = b.Target.ToString() });
        var root = new JsonObject { ["version"] = 1, ["bindings"] = list };
        try
        {
            AtomicFile.WriteAllText(_path, root.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            _logger.LogError("MIDI learn: saving {Path} failed ({Error}); the binding holds until restart", _path, e.Message);
        }
    }

    private static T Field<T>(JsonObject entry, string key) =>
        entry[key] is JsonValue v && v.TryGetValue<T>(out var value) ? value : throw new JsonException($"binding {entry.ToJsonString()}: '{key}' missing or of the wrong type");

    private void Load(string path)
    {
        try
        {
            var root = JsonNode.Parse(File.ReadAllText(path)) ?? throw new JsonException("empty file");
            var bindings = new Dictionary<int, LearnedBinding>();
            foreach (var node in root["bindings"]?.AsArray() ?? throw new JsonException("no 'bindings' array"))
            {
                if (node is not JsonObject entry) throw new JsonException("each binding must be an object");
                var channel = Field<int>(entry, "channel") - 1;
                var controller = Field<int>(entry, "controller");
                var control = Field<string>(entry, "control");
                if (channel is < 0 or > 15 || controller is < 0 or > 127 || !ControlTargets.TryParse(control, out var target))
                    throw new JsonException($"binding {entry.ToJsonString()}: expected channel 1..16, controller 0..127 and a control ({string.Join(", ", Enum.GetNames<ControlTarget>().Skip(1))})");
                bindings[Key(channel, controller)] = new LearnedBinding(channel, controller, target);
            }
            _bindings = bindings;
        }
        catch (Exception e) when (e is JsonException or IOException)
        {
            _logger.LogWarning("MIDI learn: {Path} ignored ({Error}); learn again to replace it", path, e.Message);
        }
    }
}
