using NSynthBox.Engine.Storage;
using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using NSynthBox.Engine;
using NSynthBox.Platform.Control;

namespace NSynthBox.Platform.State;

/// <summary>
/// Patches, one JSON file per slot in the state folder (<c>patch-01.json</c> for slot 0 ...),
/// written atomically. All patches are read at start and kept in memory, so a recall (asked by
/// the engine's control worker) only queues the patch's events, and a save writes the file on the thread
/// pool: neither waits on the disk, the MIDI outputs or the recorder in the engine's threads.
/// </summary>
public sealed class PatchStore
{
    public const int Slots = 128;
    public const int FormatVersion = 1;

    /// <summary>Above any model's instrument count plus a library of sounds; a patch naming more is not one we wrote.</summary>
    private const int MaxInstrument = 4096;

    /// <summary>A patch is a few hundred bytes; a file much larger is not one.</summary>
    private const long MaxFileBytes = 64 * 1024;

    private readonly ConcurrentDictionary<int, Patch> _patches = new();
    private readonly ILogger _logger;
    private readonly Lock _writeLock = new();

    public PatchStore(string directory, ILogger? logger = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        Directory = Path.GetFullPath(directory);
        _logger = logger ?? NullLogger.Instance;
        LoadAll();
    }

    public string Directory { get; }

    /// <summary>Slots that hold a patch.</summary>
    public IReadOnlyCollection<int> SavedSlots => [.. _patches.Keys.Order()];

    public string PathOf(int slot) => Path.Combine(Directory, string.Create(CultureInfo.InvariantCulture, $"patch-{slot + 1:00}.json"));

    public Patch? Get(int slot) => _patches.TryGetValue(slot, out var p) ? p : null;

    /// <summary>Saves now (atomic write), replacing the slot.</summary>
    public void Save(int slot, Patch patch)
    {
        if (slot is < 0 or >= Slots) throw new ArgumentOutOfRangeException(nameof(slot), slot, $"patch slot 0..{Slots - 1}");
        _patches[slot] = patch;
        lock (_writeLock) AtomicFile.WriteAllText(PathOf(slot), ToJson(patch));
    }

    /// <summary>Patches that name <paramref name="oldName"/> at a corner name <paramref name="newName"/> instead (a sound renamed); returns how many were rewritten.</summary>
    public int RenameInstrument(string oldName, string newName)
    {
        var changed = 0;
        foreach (var (slot, patch) in _patches.OrderBy(p => p.Key).ToArray())
        {
            if (patch.CornerNames is not { } names || !names.Any(n => string.Equals(n, oldName, StringComparison.OrdinalIgnoreCase))) continue;
            Save(slot, patch with { CornerNames = [.. names.Select(n => string.Equals(n, oldName, StringComparison.OrdinalIgnoreCase) ? newName : n)] });
            changed++;
        }
        return changed;
    }

    /// <summary>
    /// Connects the store to the engine's patch requests: a save stores the hub's current state (written on
    /// the thread pool), a recall posts the patch's events through the hub (so MIDI out, the recorder and the
    /// screen see them too).
    /// </summary>
    public void Attach(SynthEngine engine, ControlHub hub)
    {
        ArgumentNullException.ThrowIfNull(engine);
        ArgumentNullException.ThrowIfNull(hub);
        // Said at start, not only at the first recall: a patch naming instruments this model does not have.
        foreach (var (slot, patch) in _patches.OrderBy(p => p.Key))
            patch.Resolved(engine.Model, problem => _logger.LogWarning("patch {Slot} ({Path}): {Problem}", slot + 1, PathOf(slot), problem));
        engine.PatchSaveRequested = slot =>
        {
            var patch = Patch.FromState(hub.State).Named(engine.Model);
            _patches[slot] = patch;
            ThreadPool.QueueUserWorkItem(_ =>
            {
                try
                {
                    Save(slot, patch);
                    _logger.LogInformation("patch {Slot} saved to {Path}", slot + 1, PathOf(slot));
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException)
                {
                    _logger.LogError("patch {Slot}: saving {Path} failed ({Error})", slot + 1, PathOf(slot), e.Message);
                }
            });
        };
        engine.PatchRecallRequested = slot =>
        {
            var saved = Get(slot);
            if (saved is null) return;
            var patch = saved.Resolved(engine.Model, problem => _logger.LogWarning("patch {Slot}: {Problem}", slot + 1, problem));
            // Posted from the thread pool: the control worker that asked goes straight back to decoding.
            ThreadPool.QueueUserWorkItem(_ =>
            {
                foreach (var e in patch.ToEvents()) hub.Post(e, ControlSource.Patch);
            });
        };
    }

    public static string ToJson(Patch patch)
    {
        var knobs = new JsonObject();
        for (var k = 0; k < patch.Knobs.Count; k++) knobs[((Knob)k).ToString().ToLowerInvariant()] = Math.Round(patch.Knobs[k], 5);
        var root = new JsonObject
        {
            ["version"] = FormatVersion,
            ["corners"] = new JsonArray([.. patch.Corners.Select(c => (JsonNode)c)]),
            ["x"] = Math.Round(patch.X, 5),
            ["y"] = Math.Round(patch.Y, 5),
            ["knobs"] = knobs,
        };
        if (patch.CornerNames is { Count: 4 } names) root["cornerNames"] = new JsonArray([.. names.Select(n => (JsonNode)n)]);
        return root.ToJsonString(new JsonSerializerOptions { WriteIndented = true });
    }

    /// <exception cref="InvalidDataException">Not a patch; the message names the file and what is wrong.</exception>
    public static Patch FromJson(string json, string source)
    {
        try
        {
            var root = JsonNode.Parse(json) as JsonObject ?? throw new JsonException("expected a JSON object");
            var version = root["version"]?.GetValue<int>() ?? FormatVersion;
            if (version != FormatVersion) throw new JsonException($"'version' = {version}: expected {FormatVersion} (a patch from another nsynthbox version?)");
            // A hand edit may leave a null anywhere: each element is checked, never dereferenced blindly.
            var corners = (root["corners"] as JsonArray ?? throw new JsonException("'corners' missing"))
                .Select(n => n?.GetValue<int>() ?? throw new JsonException("'corners': expected instrument numbers, found null")).ToArray();
            if (corners.Length != 4) throw new JsonException($"'corners': expected 4 instrument numbers, found {corners.Length}");
            if (corners.Any(c => c is < 0 or >= MaxInstrument))
                throw new JsonException($"'corners' = [{string.Join(", ", corners)}]: expected instrument numbers 0..{MaxInstrument - 1}");
            var knobsNode = root["knobs"] as JsonObject ?? throw new JsonException("'knobs' missing");
            var knobs = new float[InstrumentState.KnobCount];
            for (var k = 0; k < knobs.Length; k++)
            {
                var name = ((Knob)k).ToString().ToLowerInvariant();
                knobs[k] = Clamp01(knobsNode[name]?.GetValue<float>() ?? throw new JsonException($"'knobs.{name}' missing"), $"knobs.{name}");
            }
            string[]? names = null;
            if (root["cornerNames"] is { } namesNode)
            {
                names = (namesNode as JsonArray ?? throw new JsonException("'cornerNames': expected an array of 4 instrument names")).Select(n => n?.GetValue<string>() ?? "").ToArray();
                if (names.Length != 4) throw new JsonException($"'cornerNames': expected 4 instrument names, found {names.Length}");
            }
            var x = Clamp01(root["x"]?.GetValue<float>() ?? throw new JsonException("'x' missing"), "x");
            var y = Clamp01(root["y"]?.GetValue<float>() ?? throw new JsonException("'y' missing"), "y");
            return new Patch(corners, x, y, knobs, names);
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or FormatException)
        {
            throw new InvalidDataException($"{source}: not a patch ({e.Message})", e);
        }
    }

    private static float Clamp01(float v, string key) => v is >= 0 and <= 1 ? v : throw new JsonException($"'{key}' = {v}: expected 0..1");

    private void LoadAll()
    {
        if (!System.IO.Directory.Exists(Directory)) return;
        for (var slot = 0; slot < Slots; slot++)
        {
            var path = PathOf(slot);
            AtomicFile.RemoveLeftovers(path);
            if (!File.Exists(path)) continue;
            try
            {
                var size = new FileInfo(path).Length;
                if (size > MaxFileBytes) throw new InvalidDataException($"{path}: not a patch ({size} bytes, a patch is at most {MaxFileBytes})");
                _patches[slot] = FromJson(File.ReadAllText(path), path);
            }
            catch (Exception e) when (e is InvalidDataException or IOException or UnauthorizedAccessException)
            {
                _logger.LogWarning("{Error}; slot {Slot} stays empty until saved again", e.Message, slot + 1);
            }
        }
    }
}
