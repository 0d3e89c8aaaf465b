using System.Diagnostics;
using Microsoft.Extensions.Logging;
using NSynthBox.Hardware;
using NSynthBox.Platform.Control;
using NSynthBox.Platform.Mapping;

namespace NSynthBox;

/// <summary>
/// The simulated panel in the terminal: keys become the panel's control events (see
/// <see cref="SimulatedPanel.Help"/>), plus MIDI learn: l = learn the selected knob, o = grid X,
/// p = grid Y. Reads single key presses from a terminal, or characters from redirected input (a
/// pipe or file; it stops at its end, and /dev/null just ends it), so a service without a terminal runs fine.
/// </summary>
internal sealed class TerminalPanel(int instrumentCount, ControlHub hub, MidiLearn learn, ILogger log) : IDisposable
{
    public const string LearnHelp = "l: MIDI-learn the selected knob  o / p: MIDI-learn grid X / Y";

    private readonly SimulatedPanel _panel = new(instrumentCount, e => hub.Post(e, ControlSource.Panel));
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private volatile bool _stopping;
    private Thread? _thread;

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
            log.LogInformation("simulated panel: {Help}  {LearnHelp}", SimulatedPanel.Help, LearnHelp);
            while (!_stopping)
            {
                while (Console.KeyAvailable)
                {
                    var key = Console.ReadKey(intercept: true);
                    if (!Learn(key.KeyChar)) _panel.Handle(key, _clock.Elapsed);
                }
                _panel.Update(_clock.Elapsed);
                Thread.Sleep(10);
            }
        }
        catch (Exception e) when (e is InvalidOperationException or IOException)
        {
            log.LogWarning("simulated panel: no keyboard input ({Error}); MIDI and the other inputs keep working", e.Message);
        }
    }

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
        learn.Arm(target);
        return true;
    }

    public void Dispose()
    {
        _stopping = true;
        // A thread blocked reading redirected input is a background thread: it ends with the process.
        if (!Console.IsInputRedirected) _thread?.Join(TimeSpan.FromSeconds(1));
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
