using System.Device.Gpio;

namespace NSynthBox.Hardware;

/// <summary>
/// A push switch to GND on a GPIO with pull-up (pressed = low). A level change only counts once
/// it has been stable for the debounce time; a press shorter than the hold time is a
/// <see cref="ButtonAction.Press"/> (on release), a longer one a <see cref="ButtonAction.Hold"/>
/// (as soon as the hold time is reached).
/// </summary>
public sealed class PushButton
{
    private readonly GpioController _gpio;
    private bool _pressed;          // debounced level
    private bool _candidate;        // raw level waiting to be stable
    private TimeSpan _candidateSince;
    private TimeSpan _pressedAt;
    private bool _holdReported;

    public PushButton(GpioController gpio, int pin)
    {
        ArgumentNullException.ThrowIfNull(gpio);
        _gpio = gpio;
        Pin = pin;
        HasPullUp = RotaryEncoder.OpenInput(gpio, pin);
        // A button already down at start (or a pin stuck low) must not fire: wait for a release first.
        _pressed = _candidate = gpio.Read(pin) == PinValue.Low;
        _holdReported = _pressed;
    }

    public int Pin { get; }

    public bool HasPullUp { get; }

    public TimeSpan Debounce { get; init; } = TimeSpan.FromMilliseconds(20);

    public TimeSpan HoldTime { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Debounced state.</summary>
    public bool IsPressed => _pressed;

    public ButtonAction Poll(TimeSpan now)
    {
        bool raw = _gpio.Read(Pin) == PinValue.Low;
        if (raw != _candidate)
        {
            _candidate = raw;
            _candidateSince = now;
        }

        if (_candidate != _pressed && now - _candidateSince >= Debounce)
        {
            _pressed = _candidate;
            if (_pressed)
            {
                _pressedAt = now;
                _holdReported = false;
            }
            else if (!_holdReported)
            {
                return ButtonAction.Press;
            }
        }

        if (_pressed && !_holdReported && now - _pressedAt >= HoldTime)
        {
            _holdReported = true;
            return ButtonAction.Hold;
        }

        return ButtonAction.None;
    }
}
