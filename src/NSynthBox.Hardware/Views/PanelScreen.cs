using System.Globalization;
using NSynthBox.Engine;

namespace NSynthBox.Hardware;

/// <summary>
/// Decides what the OLED shows: the home view (grid, finger, corner instruments); for a
/// moment after a knob turns, its value view; after a patch is saved or recalled, the patch view;
/// and an error message until it is cleared. Feed it every <see cref="ControlEvent"/> the
/// instrument receives, then render at the display's pace (e.g. 20-30 Hz, from a thread other
/// than the panel poller: a full I2C frame takes 25 ms at 400 kHz). Safe to feed from one
/// thread and render from another.
/// </summary>
public sealed class PanelScreen
{
    private readonly Lock _lock = new();
    private readonly IReadOnlyList<string> _instruments;
    private readonly Func<Knob, float, string> _formatKnob;
    private readonly string[] _cornerNames = new string[4];
    private float _x = 0.5f, _y = 0.5f;
    private TimeSpan _lastTouch = TimeSpan.MinValue;
    private Overlay _overlay;
    private TimeSpan _overlayUntil;
    private Knob _knob;
    private float _knobValue;
    private int _patchNumber;
    private string? _messageTitle;
    private string? _message;

    /// <param name="instrumentNames">The model's instrument list; corners show these names.</param>
    /// <param name="formatKnob">Knob value in words, e.g. (Attack, 0.3) -> "120 ms". Default: percent.</param>
    public PanelScreen(IReadOnlyList<string> instrumentNames, Func<Knob, float, string>? formatKnob = null)
    {
        ArgumentNullException.ThrowIfNull(instrumentNames);
        _instruments = instrumentNames;
        _formatKnob = formatKnob ?? ((_, v) => (v * 100).ToString("0", CultureInfo.InvariantCulture) + "%");
        for (int c = 0; c < 4; c++)
        {
            _cornerNames[c] = _instruments.Count > 0 ? _instruments[Math.Min(c, _instruments.Count - 1)] : "";
        }
    }

    /// <summary>How long the value and patch views stay before the home view returns.</summary>
    public TimeSpan OverlayTime { get; init; } = TimeSpan.FromSeconds(1.5);

    /// <summary>How long after the last Position2D event the finger is drawn as touching.</summary>
    public TimeSpan TouchTimeout { get; init; } = TimeSpan.FromMilliseconds(250);

    private enum Overlay
    {
        None,
        Knob,
        PatchSaved,
        PatchRecalled,
    }

    public void Handle(in ControlEvent e, TimeSpan now)
    {
        lock (_lock)
        {
            Apply(e, now);
        }
    }

    private void Apply(in ControlEvent e, TimeSpan now)
    {
        switch (e.Kind)
        {
            case ControlKind.Position2D:
                _x = e.X;
                _y = e.Y;
                _lastTouch = now;
                break;
            case ControlKind.Knob:
                _knob = (Knob)e.Index;
                _knobValue = e.Value;
                Show(Overlay.Knob, now);
                break;
            case ControlKind.Corner when e.Index is >= 0 and < 4:
                int instrument = (int)e.Value;
                _cornerNames[e.Index] = instrument >= 0 && instrument < _instruments.Count
                    ? _instruments[instrument]
                    : "#" + instrument.ToString(CultureInfo.InvariantCulture);
                break;
            case ControlKind.PatchSave:
            case ControlKind.PatchRecall:
                _patchNumber = e.Index + 1;
                Show(e.Kind == ControlKind.PatchSave ? Overlay.PatchSaved : Overlay.PatchRecalled, now);
                break;
        }
    }

    /// <summary>Shows an error (e.g. a <see cref="PanelFault"/>'s message) until <see cref="ClearMessage"/>.</summary>
    public void ShowMessage(string message, string title = "Check wiring")
    {
        lock (_lock)
        {
            _message = message;
            _messageTitle = title;
        }
    }

    public void ClearMessage()
    {
        lock (_lock)
        {
            _message = null;
        }
    }

    public void Render(MonoFramebuffer frame, TimeSpan now)
    {
        ArgumentNullException.ThrowIfNull(frame);
        lock (_lock)
        {
            Draw(frame, now);
        }
    }

    private void Draw(MonoFramebuffer frame, TimeSpan now)
    {
        bool touching = _lastTouch != TimeSpan.MinValue && now - _lastTouch <= TouchTimeout;
        if (_message is not null)
        {
            MessageView.Render(frame, _messageTitle ?? "", _message);
            return;
        }

        if (_overlay != Overlay.None && now >= _overlayUntil)
        {
            _overlay = Overlay.None;
        }

        switch (_overlay)
        {
            case Overlay.Knob:
                ValueView.Render(frame, _knob.ToString(), _formatKnob(_knob, _knobValue), _knobValue);
                break;
            case Overlay.PatchSaved:
            case Overlay.PatchRecalled:
                PatchView.Render(frame, _overlay == Overlay.PatchSaved, _patchNumber);
                break;
            default:
                HomeView.Render(frame, _x, _y, touching, _cornerNames);
                break;
        }
    }

    private void Show(Overlay overlay, TimeSpan now)
    {
        _overlay = overlay;
        _overlayUntil = now + OverlayTime;
    }
}
