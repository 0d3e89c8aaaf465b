using System.Diagnostics;
using Microsoft.Extensions.Logging;
using NSynthBox.Hardware;
using NSynthBox.Platform.Control;
using NSynthBox.Engine;
using NSynthBox.Platform.Mapping;
using NSynthBox.Web;
using Spectre.Console;

namespace NSynthBox;

/// <summary>
/// The simulated panel in the terminal: keys become the panel's control events (see
/// <see cref="SimulatedPanel.Help"/>), plus MIDI learn: l = learn the selected knob, o = grid X,
/// p = grid Y. Each key steps from the instrument's state as the control hub holds it (every
/// input's last move, at once), and on a terminal the state is drawn live (<see cref="TerminalView"/>,
/// 10 times a second) with the log's latest lines inside the view instead of scrolling past it.
/// With redirected input (a pipe or file; it stops at its end, and /dev/null just ends it) or output,
/// it reads characters and logs as before, so a service without a terminal runs fine.
/// </summary>
internal sealed class TerminalPanel : IDisposable
{
    public const string LearnHelp = "l: MIDI-learn the selected knob  o / p: MIDI-learn grid X / Y";
    private static readonly TimeSpan RedrawEvery = TimeSpan.FromMilliseconds(100);
    private static volatile bool s_showingView;

    private readonly LiveBox _box;
    private readonly MidiLearn _learn;
    private readonly ILogger _log;
    private readonly SimulatedPanel _panel;
    private readonly HeldNotes _held = new();
    private readonly WarningRingLoggerProvider _lines = new(capacity: TerminalView.LogLines, minimumLevel: LogLevel.Information);
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private volatile bool _stopping;
    private Thread? _thread;

    public TerminalPanel(LiveBox box, ILoggerFactory loggers)
    {
        _box = box;
        _learn = box.Learn;
        _log = loggers.CreateLogger("panel");
        _panel = new SimulatedPanel(box.Model.Instruments.Count, State, e => box.Hub.Post(e, ControlSource.Panel));
        box.Hub.AddListener((e, _) => _held.Apply(e));
        if (Interactive) loggers.AddProvider(_lines);
    }

    /// <summary>While the view is drawn, the console logger is quiet (RunCommand filters it): its lines show inside the view.</summary>
    public static bool ShowingView => s_showingView;

    private static bool Interactive => !Console.IsInputRedirected && !Console.IsOutputRedirected;

    /// <summary>The engine's snapshot with the hub's targets: a key pressed twice within a frame steps twice.</summary>
    private InstrumentSnapshot State()
    {
        var state = _box.Hub.State;
        return _box.Engine.Snapshot with { X = state.X, Y = state.Y, Knobs = state.Knobs, Corners = state.Corners };
    }

    public void Start()
    {
        _thread = new Thread(Run) { IsBackground = true, Name = "nsynthbox-terminal-panel" };
        _thread.Start();
    }

    private void Run()
    {
        try
        {
            if (Console.IsInputRedirected)
            {
                _panel.Run(new LearnKeys(Console.In, this), () => _clock.Elapsed);
                return;
            }
            if (!Interactive)
            {
                _log.LogInformation("simulated panel: {Help}  {LearnHelp}", SimulatedPanel.Help, LearnHelp);
                ReadKeys(() => { });
                return;
            }
            var view = new TerminalView([.. _box.Model.Instruments.Select(i => i.Name)], SimulatedPanel.Help + "  " + LearnHelp +
                $"  (a note sounds {_panel.NoteLength.TotalSeconds:0.0} s: terminals report no key release)");
            s_showingView = true;
            try
            {
                // On a terminal shorter than the view, the top is cut, never the key help at the bottom.
                AnsiConsole.Live(view.Render(ViewState(), AnsiConsole.Profile.Width)).AutoClear(false).Overflow(VerticalOverflow.Crop).Cropping(VerticalOverflowCropping.Top).Start(live =>
                {
                    var drawn = TimeSpan.Zero;
                    ReadKeys(() =>
                    {
                        if (_clock.Elapsed - drawn < RedrawEvery) return;
                        drawn = _clock.Elapsed;
                        live.UpdateTarget(view.Render(ViewState(), AnsiConsole.Profile.Width));
                    });
                });
            }
            finally
            {
                s_showingView = false;
            }
        }
        catch (Exception e) when (e is InvalidOperationException or IOException)
        {
            s_showingView = false;
            _log.LogWarning("simulated panel: no keyboard input ({Error}); MIDI and the other inputs keep working", e.Message);
        }
    }

    private void ReadKeys(Action everyTick)
    {
        while (!_stopping)
        {
            while (Console.KeyAvailable)
            {
                var key = Console.ReadKey(intercept: true);
                if (!Learn(key.KeyChar)) _panel.Handle(key, _clock.Elapsed);
            }
            _panel.Update(_clock.Elapsed);
            everyTick();
            Thread.Sleep(10);
        }
    }

    private TerminalViewState ViewState() => new(State(), _held.Notes, _panel.SelectedKnob, _box.Sink.Metrics.Underruns,
        [.. _lines.Recent.Select(l => new TerminalLogLine($"{l.Time.ToLocalTime():HH:mm:ss} {l.Message}", l.Level >= LogLevel.Warning))]);

    private bool Learn(char c)
    {
        var target = c switch
        {
            'l' => ControlTargets.ForKnob(_panel.SelectedKnob),
            'o' => ControlTarget.X,
            'p' => ControlTarget.Y,
            _ => ControlTarget.None,
        };
        if (target == ControlTarget.None) return false;
        _learn.Arm(target);
        return true;
    }

    public void Dispose()
    {
        _stopping = true;
        // A thread blocked reading redirected input is a background thread: it ends with the process.
        if (!Console.IsInputRedirected) _thread?.Join(TimeSpan.FromSeconds(1));
        s_showingView = false;
    }

    /// <summary>Passes characters to the simulated panel, taking out the MIDI learn keys.</summary>
    private sealed class LearnKeys(TextReader inner, TerminalPanel owner) : TextReader
    {
        public override int Peek() => inner.Peek();

        public override int Read()
        {
            while (true)
            {
                var c = inner.Read();
                if (c < 0 || owner._stopping) return -1;
                if (!owner.Learn((char)c)) return c;
            }
        }
    }
}
