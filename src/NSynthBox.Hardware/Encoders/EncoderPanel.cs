using System.Device.Gpio;
using NSynthBox.Engine;

namespace NSynthBox.Hardware;

/// <summary>
/// The four corner encoders: turning encoder N steps corner N through the model's instruments
/// (wrapping at both ends) and sends <see cref="ControlEvent.SetCorner"/>; a short push sends
/// <see cref="ControlEvent.RecallPatch"/>(N), holding it sends <see cref="ControlEvent.SavePatch"/>(N).
/// </summary>
public sealed class EncoderPanel
{
    private readonly RotaryEncoder[] _encoders;
    private readonly PushButton[] _buttons;
    private readonly int[] _corner;
    private readonly int[] _instrument;
    private readonly int _instrumentCount;

    /// <param name="initialInstruments">Instrument of each corner at start (default 0, 1, 2, 3).</param>
    public EncoderPanel(GpioController gpio, IReadOnlyList<EncoderPins> encoders, int instrumentCount,
        IReadOnlyList<int>? initialInstruments = null, int transitionsPerDetent = 4, bool reverse = false, TimeSpan? holdTime = null)
    {
        ArgumentNullException.ThrowIfNull(gpio);
        ArgumentNullException.ThrowIfNull(encoders);
        ArgumentOutOfRangeException.ThrowIfLessThan(instrumentCount, 1);
        _instrumentCount = instrumentCount;
        _encoders = new RotaryEncoder[encoders.Count];
        _buttons = new PushButton[encoders.Count];
        _corner = new int[encoders.Count];
        _instrument = new int[4];
        for (int c = 0; c < 4; c++)
        {
            _instrument[c] = Wrap(initialInstruments is not null && c < initialInstruments.Count ? initialInstruments[c] : c);
        }

        for (int i = 0; i < encoders.Count; i++)
        {
            EncoderPins pins = encoders[i];
            _corner[i] = pins.Corner;
            _encoders[i] = new RotaryEncoder(gpio, pins.A.Line, pins.B.Line, transitionsPerDetent) { Reverse = reverse };
            _buttons[i] = new PushButton(gpio, pins.Push.Line) { HoldTime = holdTime ?? TimeSpan.FromSeconds(1) };
        }
    }

    public int InstrumentOf(int corner) => _instrument[corner];

    /// <summary>Keeps the panel in step when a corner changes elsewhere (a recalled patch, the web panel).</summary>
    public void SetInstrument(int corner, int instrument) => _instrument[corner] = Wrap(instrument);

    /// <summary>True where a GPIO driver could not enable pull-ups on some input (external resistors needed).</summary>
    public bool MissingPullUps => _encoders.Any(e => !e.HasPullUps) || _buttons.Any(b => !b.HasPullUp);

    public void Poll(TimeSpan now, Action<ControlEvent> sink)
    {
        for (int i = 0; i < _encoders.Length; i++)
        {
            int corner = _corner[i];
            int detents = _encoders[i].Poll();
            if (detents != 0)
            {
                _instrument[corner] = Wrap(_instrument[corner] + detents);
                sink(ControlEvent.SetCorner(corner, _instrument[corner]));
            }

            switch (_buttons[i].Poll(now))
            {
                case ButtonAction.Press:
                    sink(ControlEvent.RecallPatch(corner));
                    break;
                case ButtonAction.Hold:
                    sink(ControlEvent.SavePatch(corner));
                    break;
            }
        }
    }

    private int Wrap(int instrument) => ((instrument % _instrumentCount) + _instrumentCount) % _instrumentCount;
}
