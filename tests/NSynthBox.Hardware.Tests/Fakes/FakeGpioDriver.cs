using System.Device.Gpio;

namespace NSynthBox.Hardware.Tests.Fakes;

/// <summary>
/// GPIO lines as a test sets them: each input reads what the test drives, or, left alone, high
/// with a pull-up and low without. Can pretend pull-ups are unsupported (as on boards whose
/// driver cannot set bias).
/// </summary>
internal sealed class FakeGpioDriver : GpioDriver
{
    private readonly PinValue?[] _driven = new PinValue?[256];
    private readonly PinMode[] _modes = new PinMode[256];
    private readonly bool[] _open = new bool[256];

    public bool SupportsPullUp { get; set; } = true;

    /// <summary>Claims pull-up support, then refuses it when asked (a GPIO chip without bias control).</summary>
    public bool RefusesPullUp { get; set; }

    public int Reads { get; private set; }

    protected override int PinCount => 256;

    /// <summary>Drive an input from outside (a switch closing to GND = Low); null = let it float.</summary>
    public void Set(int line, PinValue? level) => _driven[line] = level;

    public void SetHigh(int line, bool high) => _driven[line] = high ? PinValue.High : PinValue.Low;

    public PinMode ModeOf(int line) => _modes[line];

    public bool IsOpen(int line) => _open[line];

    protected override void OpenPin(int pinNumber) => _open[pinNumber] = true;

    protected override void ClosePin(int pinNumber) => _open[pinNumber] = false;

    protected override void SetPinMode(int pinNumber, PinMode mode)
    {
        if (RefusesPullUp && mode == PinMode.InputPullUp)
        {
            throw new IOException("Error 95 setting the line's bias: Operation not supported");
        }

        _modes[pinNumber] = mode;
    }

    protected override PinMode GetPinMode(int pinNumber) => _modes[pinNumber];

    protected override bool IsPinModeSupported(int pinNumber, PinMode mode) =>
        mode is PinMode.Input or PinMode.Output || (SupportsPullUp && mode is PinMode.InputPullUp or PinMode.InputPullDown);

    protected override PinValue Read(int pinNumber)
    {
        Reads++;
        return _driven[pinNumber] ?? (_modes[pinNumber] == PinMode.InputPullUp ? PinValue.High : PinValue.Low);
    }

    protected override void Write(int pinNumber, PinValue value) => _driven[pinNumber] = value;

    protected override WaitForEventResult WaitForEvent(int pinNumber, PinEventTypes eventTypes, CancellationToken cancellationToken) =>
        throw new NotSupportedException();

    protected override void AddCallbackForPinValueChangedEvent(int pinNumber, PinEventTypes eventTypes, PinChangeEventHandler callback) =>
        throw new NotSupportedException();

    protected override void RemoveCallbackForPinValueChangedEvent(int pinNumber, PinChangeEventHandler callback) =>
        throw new NotSupportedException();
}
