using NSynthBox.Hardware;
using NSynthBox.Neural;
using NSynthBox.Platform.Audio;
using NSynthBox.Platform.Midi;

namespace NSynthBox;

/// <summary>
/// Everything 'nsynthbox run' is configured with (docs/LIVE.md lists every key). Read and checked by
/// <see cref="BoxConfigReader"/>; the defaults run on a laptop with no hardware.
/// </summary>
internal sealed record BoxConfig
{
    public AudioSection Audio { get; init; } = new();
    public MidiSection Midi { get; init; } = new();
    public PanelSection Panel { get; init; } = new();
    public EngineSection Engine { get; init; } = new();
    public ModelSection Model { get; init; } = new();
    public WebSection Web { get; init; } = new();
    public StateSection State { get; init; } = new();

    /// <summary>Where the values came from, for messages ("built-in defaults", "/etc/nsynthbox/config.json").</summary>
    public string Source { get; init; } = "built-in defaults";
}

internal enum SinkKind
{
    /// <summary>ALSA when the machine has a sound card, else the null sink.</summary>
    Auto,
    Alsa,
    Wav,
    Null,
}

internal enum PanelMode
{
    Simulated,
    Hardware,
    None,
}

internal sealed record AudioSection
{
    public SinkKind Sink { get; init; } = SinkKind.Auto;
    public string Device { get; init; } = "default";
    public int SampleRate { get; init; } = 48000;
    public int PeriodFrames { get; init; } = 128;
    public int Periods { get; init; } = 2;
    public int Channels { get; init; } = 2;
    public SampleFormat Format { get; init; } = SampleFormat.Auto;
    public string WavPath { get; init; } = "nsynthbox.wav";
    public bool WavFloat { get; init; }
    public int RealtimePriority { get; init; } = 70;
    public bool LockMemory { get; init; } = true;

    public AudioOptions ToOptions() => new()
    {
        Device = Device, SampleRate = SampleRate, PeriodFrames = PeriodFrames, Periods = Periods, Channels = Channels,
        Format = Format, RealtimePriority = RealtimePriority, LockMemory = LockMemory,
    };
}

/// <summary>A raw MIDI path and, for serial lines, its rate (0 = leave it).</summary>
internal sealed record MidiPort(string Path, int Baud = 0);

internal sealed record MidiSection
{
    /// <summary>-1 = omni, else 0..15 (MIDI channels 1..16).</summary>
    public int Channel { get; init; } = -1;
    public bool Sequencer { get; init; } = true;
    public string ClientName { get; init; } = "NSynthBox";
    public AutoConnect AutoConnect { get; init; } = AutoConnect.Hardware;
    public IReadOnlyList<string> Connect { get; init; } = [];
    public IReadOnlyList<MidiPort> Inputs { get; init; } = [];
    public bool Thru { get; init; }
    /// <summary>Raw paths, and "seq:CLIENT[:PORT]" for sequencer destinations.</summary>
    public IReadOnlyList<MidiPort> Outputs { get; init; } = [];
    public bool SendPanel { get; init; } = true;
    public int OutputChannel { get; init; }
    public bool Mpe { get; init; }
    public int MpeMemberChannels { get; init; } = 15;
    /// <summary>Controls moved from the documented CC map (name to controller, null = unmapped).</summary>
    public IReadOnlyDictionary<string, int?> CcMap { get; init; } = new Dictionary<string, int?>();
}

internal sealed record PanelSection
{
    public PanelMode Mode { get; init; } = PanelMode.Simulated;
    /// <summary>"auto" (from the device tree) or a pin map board: pi4, pi5, jetson-orin-nano.</summary>
    public string Board { get; init; } = "auto";
    /// <summary>The MCP3008 of the reference build, or the one-chip ADS1115 option (Position, Attack, Decay, Sustain only).</summary>
    public KnobAdcKind KnobAdc { get; init; } = KnobAdcKind.Mcp3008;
    /// <summary>The 0.96 in SSD1306 OLED, or the 1.3 in SH1106 modules.</summary>
    public DisplayKind Display { get; init; } = DisplayKind.Ssd1306;

    /// <summary>
    /// The wiring the panel drivers use: the board's pin map (built in, or <paramref name="pinMapPath"/>) with the
    /// parts this section says are fitted. Null when Board is auto and the device tree names no known board.
    /// </summary>
    public PanelConfig? Resolve(string? pinMapPath = null)
    {
        var board = Board == "auto" ? PanelConfig.DetectBoard() : Board;
        if (board is null) return null;
        var map = pinMapPath is null ? PanelConfig.Default(board) : PanelConfig.Load(pinMapPath, board);
        return map.WithKnobAdc(KnobAdc) with { Display = Display };
    }
}

internal sealed record EngineSection
{
    public int Polyphony { get; init; } = 16;
    public float PitchBendRange { get; init; } = 2f;
    /// <summary>Four instruments (names or GM numbers), top-left, top-right, bottom-left, bottom-right; null = the engine's defaults.</summary>
    public IReadOnlyList<string>? Corners { get; init; }
}

internal sealed record ModelSection
{
    /// <summary>Model package folder; null = $NSYNTHBOX_MODEL, else the one shipped with the program.</summary>
    public string? Path { get; init; }
    public ExecutionProviderKind ExecutionProvider { get; init; } = ExecutionProviderKind.Cpu;
}

/// <summary>The browser panel (src/NSynthBox.Web); started through <see cref="WebPanelHook"/>.</summary>
internal sealed record WebSection
{
    public bool Enabled { get; init; }
    public int Port { get; init; } = 8080;
    /// <summary>Address to listen on: 127.0.0.1 (this machine only), 0.0.0.0 / :: (every network), or one interface's address.</summary>
    public string Bind { get; init; } = "127.0.0.1";
    /// <summary>The pairing PIN on this machine's addresses too (an SSH tunnel or a proxy makes 127.0.0.1 reachable from elsewhere); any other address always needs it.</summary>
    public bool RequirePin { get; init; }
}

internal sealed record StateSection
{
    /// <summary>The knobs' and touch grid's calibration that 'nsynthbox calibrate' writes and the panel reads.</summary>
    public string CalibrationPath => System.IO.Path.Combine(Directory, PanelCalibration.FileName);

    /// <summary>Patches, MIDI learn: $STATE_DIRECTORY (systemd's StateDirectory=), else $XDG_STATE_HOME/nsynthbox, else ~/.local/state/nsynthbox.</summary>
    public string Directory { get; init; } = DefaultDirectory();

    public static string DefaultDirectory()
    {
        var systemd = Environment.GetEnvironmentVariable("STATE_DIRECTORY");
        if (!string.IsNullOrEmpty(systemd)) return systemd.Split(':')[0];
        var xdg = Environment.GetEnvironmentVariable("XDG_STATE_HOME");
        if (string.IsNullOrEmpty(xdg)) xdg = System.IO.Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".local", "state");
        return System.IO.Path.Combine(xdg, "nsynthbox");
    }
}
