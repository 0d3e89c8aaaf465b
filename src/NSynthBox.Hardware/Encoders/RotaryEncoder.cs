using System.Device.Gpio;

namespace NSynthBox.Hardware;

/// <summary>
/// A mechanical quadrature encoder (EC11) on two GPIO inputs with pull-ups, common leg to GND.
/// Poll it often (the panel polls at 1 kHz): a quick turn of an EC11 changes state every few ms.
/// </summary>
public sealed class RotaryEncoder
{
    private readonly GpioController _gpio;
    private readonly QuadratureDecoder _decoder;

    public RotaryEncoder(GpioController gpio, int pinA, int pinB, int transitionsPerDetent = 4)
    {
        ArgumentNullException.ThrowIfNull(gpio);
        _gpio = gpio;
        PinA = pinA;
        PinB = pinB;
        _decoder = new QuadratureDecoder(transitionsPerDetent);
        HasPullUps = OpenInput(gpio, pinA) & OpenInput(gpio, pinB);
        _decoder.Reset(gpio.Read(pinA) == PinValue.High, gpio.Read(pinB) == PinValue.High);
    }

    public int PinA { get; }

    public int PinB { get; }

    /// <summary>False where the GPIO driver cannot enable pull-ups (fit 10 kOhm resistors to 3V3).</summary>
    public bool HasPullUps { get; }

    /// <summary>Swap clockwise and counter-clockwise (A and B wired the other way round).</summary>
    public bool Reverse { get; init; }

    public int InvalidTransitions => _decoder.InvalidTransitions;

    /// <summary>Samples both inputs; returns the detents turned since the last poll (+ = clockwise).</summary>
    public int Poll()
    {
        int detent = _decoder.Update(_gpio.Read(PinA) == PinValue.High, _gpio.Read(PinB) == PinValue.High);
        return Reverse ? -detent : detent;
    }

    /// <summary>
    /// Opens a pin as input with pull-up, or as plain input where the driver or the kernel cannot
    /// set a pull-up (some drivers claim the mode, then the GPIO chip refuses the bias).
    /// </summary>
    internal static bool OpenInput(GpioController gpio, int pin)
    {
        gpio.OpenPin(pin);
        if (gpio.IsPinModeSupported(pin, PinMode.InputPullUp))
        {
            try
            {
                gpio.SetPinMode(pin, PinMode.InputPullUp);
                return true;
            }
            catch (Exception e) when (e is IOException or InvalidOperationException or NotSupportedException or System.Device.Gpio.Drivers.GpiodException)
            {
                // fall through to a plain input; the self-test tells the maker to fit resistors
            }
        }

        gpio.SetPinMode(pin, PinMode.Input);
        return false;
    }
}
