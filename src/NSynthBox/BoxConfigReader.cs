using System.Globalization;
using System.Net;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using NSynthBox.Hardware;
using NSynthBox.Neural;
using NSynthBox.Platform.Audio;
using NSynthBox.Platform.Midi;

namespace NSynthBox;

/// <summary>
/// Reads <see cref="BoxConfig"/> through Microsoft.Extensions.Configuration: a JSON file (--config, else
/// /etc/nsynthbox/config.json when it exists, else built-in defaults), then command-line overrides.
/// Every value is checked; a bad one is a <see cref="UserInputException"/> naming the key, the value
/// and what was expected. Keys are case-insensitive; unknown keys in the box's sections are logged.
/// </summary>
internal static class BoxConfigReader
{
    public const string DefaultPath = "/etc/nsynthbox/config.json";

    private static readonly Dictionary<string, string[]> Keys = new(StringComparer.OrdinalIgnoreCase)
    {
        ["Audio"] = ["Sink", "Device", "SampleRate", "PeriodFrames", "Periods", "Channels", "Format", "WavPath", "WavFloat", "RealtimePriority", "LockMemory"],
        ["Midi"] = ["Channel", "Sequencer", "ClientName", "AutoConnect", "Connect", "Inputs", "Thru", "Outputs", "SendPanel", "OutputChannel", "Mpe", "MpeMemberChannels", "CcMap"],
        ["Panel"] = ["Mode", "Board", "KnobAdc", "Display"],
        ["Engine"] = ["Polyphony", "PitchBendRange", "Corners"],
        ["Model"] = ["Path", "ExecutionProvider"],
        ["Web"] = ["Enabled", "Port", "Bind", "RequirePin"],
        ["State"] = ["Directory"],
    };

    /// <param name="path">--config, or null for the default file when it exists.</param>
    /// <param name="overrides">Command-line values by key ("Audio:Device").</param>
    /// <param name="defaultPath">The file used when <paramref name="path"/> is null and it exists.</param>
    public static BoxConfig Load(string? path, IReadOnlyDictionary<string, string?>? overrides = null, ILogger? logger = null, string? defaultPath = DefaultPath)
    {
        var builder = new ConfigurationBuilder();
        var source = "built-in defaults";
        var file = path ?? (defaultPath is not null && File.Exists(defaultPath) ? defaultPath : null);
        if (path is not null && !File.Exists(path))
            throw new UserInputException($"--config {path}: not found (expected a JSON file with Audio, Midi, Panel, Engine, Model, Web and State sections; see docs/LIVE.md)");
        if (file is not null)
        {
            builder.AddJsonFile(Path.GetFullPath(file), optional: false, reloadOnChange: false);
            source = file;
        }
        if (overrides is not null) builder.AddInMemoryCollection(overrides);
        IConfigurationRoot root;
        try
        {
            root = builder.Build();
        }
        catch (Exception e) when (e is InvalidDataException or FormatException or System.Text.Json.JsonException)
        {
            throw new UserInputException($"{file}: not valid JSON ({(e.InnerException ?? e).Message})");
        }
        return Read(root, source, logger);
    }

    public static BoxConfig Read(IConfiguration root, string source, ILogger? logger = null)
    {
        var r = new Reader(source);
        foreach (var unknown in root.GetChildren().Where(c => !Keys.ContainsKey(c.Key) && !c.Key.StartsWith('$')))
            logger?.LogWarning("{Source}: {Section} is not a section nsynthbox reads (expected {Sections}); ignored", source, unknown.Key, string.Join(", ", Keys.Keys));
        foreach (var (section, allowed) in Keys)
        {
            foreach (var child in root.GetSection(section).GetChildren())
            {
                if (!allowed.Contains(child.Key, StringComparer.OrdinalIgnoreCase))
                    logger?.LogWarning("{Source}: {Key} is not a setting of {Section} (expected one of {Allowed}); ignored", source, child.Path, section, string.Join(", ", allowed));
            }
        }

        var a = root.GetSection("Audio");
        var audio = new AudioSection
        {
            Sink = r.Choice(a, "Sink", SinkKind.Auto, new() { ["auto"] = SinkKind.Auto, ["alsa"] = SinkKind.Alsa, ["wav"] = SinkKind.Wav, ["null"] = SinkKind.Null }),
            Device = r.Text(a, "Device", "default"),
            SampleRate = r.Int(a, "SampleRate", 48000, 8000, 192000, "Hz, a multiple of the model's frame rate (200 Hz), e.g. 48000"),
            PeriodFrames = r.Int(a, "PeriodFrames", 128, 16, 8192, "frames per period (64, 128, 256 ...)"),
            Periods = r.Int(a, "Periods", 2, 2, 16, "periods in the device buffer"),
            Channels = r.Int(a, "Channels", 2, 1, 8, "output channels"),
            Format = r.Choice(a, "Format", SampleFormat.Auto, new() { ["auto"] = SampleFormat.Auto, ["float"] = SampleFormat.Float32, ["s32"] = SampleFormat.S32, ["s16"] = SampleFormat.S16 }),
            WavPath = r.Text(a, "WavPath", "nsynthbox.wav"),
            WavFloat = r.Bool(a, "WavFloat", false),
            RealtimePriority = r.Int(a, "RealtimePriority", 70, 0, 99, "SCHED_FIFO priority, 0 = off"),
            LockMemory = r.Bool(a, "LockMemory", true),
        };
        if (audio.SampleRate % 200 != 0) throw r.Bad(a, "SampleRate", audio.SampleRate.ToString(CultureInfo.InvariantCulture), "a multiple of the model's frame rate (200 Hz), e.g. 48000 or 96000");

        var m = root.GetSection("Midi");
        var mpeMembers = r.Int(m, "MpeMemberChannels", 15, 1, 15, "member channels of the MPE lower zone");
        var midi = new MidiSection
        {
            Channel = r.Int(m, "Channel", -1, -1, 15, "-1 (omni) or a channel 0..15 (MIDI channels 1..16)"),
            Sequencer = r.Bool(m, "Sequencer", true),
            ClientName = r.Text(m, "ClientName", "NSynthBox"),
            AutoConnect = r.Choice(m, "AutoConnect", AutoConnect.Hardware, new() { ["none"] = AutoConnect.None, ["hardware"] = AutoConnect.Hardware, ["all"] = AutoConnect.All }),
            Connect = r.Texts(m, "Connect"),
            Inputs = r.Ports(m, "Inputs"),
            Thru = r.Bool(m, "Thru", false),
            Outputs = r.Ports(m, "Outputs"),
            SendPanel = r.Bool(m, "SendPanel", true),
            OutputChannel = r.Int(m, "OutputChannel", 0, 0, 15, "a channel 0..15 (MIDI channels 1..16)"),
            Mpe = r.Bool(m, "Mpe", false),
            MpeMemberChannels = mpeMembers,
            CcMap = r.CcMap(m, "CcMap"),
        };

        var p = root.GetSection("Panel");
        var boards = PanelConfig.BoardNames();
        var board = r.Text(p, "Board", "auto");
        if (board != "auto" && !boards.Contains(board)) throw r.Bad(p, "Board", board, $"auto or one of {string.Join(", ", boards)}");
        var panel = new PanelSection
        {
            Mode = r.Choice(p, "Mode", PanelMode.Simulated, new() { ["simulated"] = PanelMode.Simulated, ["hardware"] = PanelMode.Hardware, ["none"] = PanelMode.None }),
            Board = board,
            KnobAdc = r.Choice(p, "KnobAdc", KnobAdcKind.Mcp3008, new() { ["mcp3008"] = KnobAdcKind.Mcp3008, ["ads1115"] = KnobAdcKind.Ads1115, ["none"] = KnobAdcKind.None }),
            Display = r.Choice(p, "Display", DisplayKind.Ssd1306, new() { ["ssd1306"] = DisplayKind.Ssd1306, ["sh1106"] = DisplayKind.Sh1106, ["none"] = DisplayKind.None }),
        };

        var e = root.GetSection("Engine");
        var cornerSection = e.GetSection("Corners");
        IReadOnlyList<string>? corners = cornerSection.Exists() ? r.Texts(e, "Corners") : null;
        if (corners is not null && corners.Count != 4)
            throw r.Bad(e, "Corners", string.Join(",", corners), "4 instruments (names or GM numbers): top-left, top-right, bottom-left, bottom-right");
        var engine = new EngineSection
        {
            Polyphony = r.Int(e, "Polyphony", 16, 1, 128, "voices"),
            PitchBendRange = r.Float(e, "PitchBendRange", 2f, 0f, 48f, "semitones"),
            Corners = corners,
        };

        var mo = root.GetSection("Model");
        var model = new ModelSection
        {
            Path = r.OptionalText(mo, "Path"),
            ExecutionProvider = r.Choice(mo, "ExecutionProvider", ExecutionProviderKind.Cpu,
                new() { ["cpu"] = ExecutionProviderKind.Cpu, ["cuda"] = ExecutionProviderKind.Cuda, ["tensorrt"] = ExecutionProviderKind.TensorRt }),
        };

        var w = root.GetSection("Web");
        var bind = r.Text(w, "Bind", "127.0.0.1");
        if (!string.Equals(bind, "localhost", StringComparison.OrdinalIgnoreCase) && !IPAddress.TryParse(bind.Trim('[', ']'), out _))
            throw r.Bad(w, "Bind", bind, "an IP address: 127.0.0.1 (this machine only), 0.0.0.0 or :: (every network), or one interface's address");
        var web = new WebSection
        {
            Enabled = r.Bool(w, "Enabled", false),
            Port = r.Int(w, "Port", 8080, 0, 65535, "a TCP port (0 = any free one)"),
            Bind = bind,
            RequirePin = r.Bool(w, "RequirePin", false),
        };

        var state = new StateSection { Directory = r.OptionalText(root.GetSection("State"), "Directory") ?? StateSection.DefaultDirectory() };
        return new BoxConfig { Audio = audio, Midi = midi, Panel = panel, Engine = engine, Model = model, Web = web, State = state, Source = source };
    }

    private sealed class Reader(string source)
    {
        public UserInputException Bad(IConfigurationSection section, string key, string? value, string expected) =>
            new($"{source}: {section.Path}:{key} = '{value}': expected {expected}");

        private static string? Value(IConfigurationSection section, string key) => section.GetSection(key).Value;

        public string Text(IConfigurationSection section, string key, string fallback)
        {
            var v = Value(section, key);
            if (v is null) return fallback;
            return string.IsNullOrWhiteSpace(v) ? throw Bad(section, key, v, "a non-empty text") : v.Trim();
        }

        public string? OptionalText(IConfigurationSection section, string key) => Value(section, key) is { } v && !string.IsNullOrWhiteSpace(v) ? v.Trim() : null;

        public int Int(IConfigurationSection section, string key, int fallback, int min, int max, string what)
        {
            var v = Value(section, key);
            if (v is null) return fallback;
            return int.TryParse(v, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) && n >= min && n <= max
                ? n
                : throw Bad(section, key, v, $"a whole number {min}..{max} ({what})");
        }

        public float Float(IConfigurationSection section, string key, float fallback, float min, float max, string what)
        {
            var v = Value(section, key);
            if (v is null) return fallback;
            return float.TryParse(v, NumberStyles.Float, CultureInfo.InvariantCulture, out var n) && n >= min && n <= max
                ? n
                : throw Bad(section, key, v, $"a number {min.ToString(CultureInfo.InvariantCulture)}..{max.ToString(CultureInfo.InvariantCulture)} ({what})");
        }

        public bool Bool(IConfigurationSection section, string key, bool fallback)
        {
            var v = Value(section, key);
            if (v is null) return fallback;
            return bool.TryParse(v, out var b) ? b : throw Bad(section, key, v, "true or false");
        }

        public T Choice<T>(IConfigurationSection section, string key, T fallback, Dictionary<string, T> choices)
        {
            var v = Value(section, key);
            if (v is null) return fallback;
            return choices.TryGetValue(v.Trim().ToLowerInvariant(), out var c) ? c : throw Bad(section, key, v, $"one of {string.Join(", ", choices.Keys)}");
        }

        /// <summary>A list of texts; a single text counts as a list of one.</summary>
        public IReadOnlyList<string> Texts(IConfigurationSection section, string key)
        {
            var s = section.GetSection(key);
            if (s.Value is { } single) return string.IsNullOrWhiteSpace(single) ? [] : [single.Trim()];
            var list = new List<string>();
            foreach (var item in s.GetChildren().OrderBy(c => int.TryParse(c.Key, out var i) ? i : int.MaxValue))
            {
                if (string.IsNullOrWhiteSpace(item.Value)) throw Bad(section, $"{key}:{item.Key}", item.Value, "a non-empty text");
                list.Add(item.Value.Trim());
            }
            return list;
        }

        /// <summary>MIDI paths: "PATH", "PATH@BAUD" or { "Path": ..., "Baud": ... }.</summary>
        public IReadOnlyList<MidiPort> Ports(IConfigurationSection section, string key)
        {
            var s = section.GetSection(key);
            IEnumerable<IConfigurationSection> items = s.Value is not null ? [s] : s.GetChildren().OrderBy(c => int.TryParse(c.Key, out var i) ? i : int.MaxValue);
            var ports = new List<MidiPort>();
            foreach (var item in items)
            {
                var name = item == s ? key : $"{key}:{item.Key}";
                if (item.Value is { } text)
                {
                    if (string.IsNullOrWhiteSpace(text)) continue;
                    var at = text.LastIndexOf('@');
                    if (at > 0 && !text.StartsWith("seq:", StringComparison.Ordinal))
                    {
                        if (!int.TryParse(text[(at + 1)..], NumberStyles.Integer, CultureInfo.InvariantCulture, out var rate) || rate is < 50 or > 4_000_000)
                            throw Bad(section, name, text, "PATH or PATH@BAUD, e.g. /dev/ttyAMA0@38400");
                        ports.Add(new MidiPort(text[..at].Trim(), rate));
                    }
                    else
                    {
                        ports.Add(new MidiPort(text.Trim()));
                    }
                    continue;
                }
                var path = item.GetSection("Path").Value;
                if (string.IsNullOrWhiteSpace(path)) throw Bad(section, $"{name}:Path", path, "a device, FIFO or file path");
                ports.Add(new MidiPort(path.Trim(), Int(item, "Baud", 0, 0, 4_000_000, "bits per second; 0 leaves the line as it is; 38400 with the Pi's midi-uart0 overlay")));
            }
            return ports;
        }

        public IReadOnlyDictionary<string, int?> CcMap(IConfigurationSection section, string key)
        {
            var result = new Dictionary<string, int?>(StringComparer.OrdinalIgnoreCase);
            foreach (var item in section.GetSection(key).GetChildren())
            {
                if (string.IsNullOrEmpty(item.Value) || item.Value.Equals("null", StringComparison.OrdinalIgnoreCase))
                {
                    result[item.Key] = null;
                    continue;
                }
                result[item.Key] = int.TryParse(item.Value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var c)
                    ? c
                    : throw Bad(section, $"{key}:{item.Key}", item.Value, "a controller number 2..119, or null to unmap");
            }
            try
            {
                Platform.Mapping.CcAssignments.From(result);
            }
            catch (ArgumentException e)
            {
                throw new UserInputException($"{source}: {section.Path}:{key}: {e.Message}");
            }
            return result;
        }
    }
}
