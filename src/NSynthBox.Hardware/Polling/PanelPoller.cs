using System.Device.Gpio;
using System.Device.I2c;
using System.Diagnostics;
using NSynthBox.Engine;

namespace NSynthBox.Hardware;

/// <summary>
/// Reads the whole panel on its own thread (touch at 200 Hz, knobs at 100 Hz, encoders at
/// 1 kHz) and hands every <see cref="ControlEvent"/> to one sink, on that thread. A steady poll
/// allocates nothing. A chip that is missing or stops answering is reported through the fault
/// callback, retried with back-off and picked up again when it answers; the rest of the panel
/// keeps working meanwhile.
/// </summary>
public sealed class PanelPoller : IDisposable
{
    private readonly Action<ControlEvent> _sink;
    private readonly Action<PanelFault>? _onFault;
    private readonly List<IDisposable> _owned;
    private readonly Part? _touch;
    private readonly Part? _knobs;
    private readonly Part? _encoders;
    private readonly ITouchInput? _touchInput;
    private readonly EncoderPanel? _encoderPanel;
    private Thread? _thread;
    private volatile bool _stopping;

    private PanelPoller(Action<ControlEvent> sink, Action<PanelFault>? onFault, List<IDisposable> owned,
        Part? touch, Part? knobs, Part? encoders, ITouchInput? touchInput, EncoderPanel? encoderPanel)
    {
        _sink = sink;
        _onFault = onFault;
        _owned = owned;
        _touch = touch;
        _knobs = knobs;
        _encoders = encoders;
        _touchInput = touchInput;
        _encoderPanel = encoderPanel;
    }

    /// <summary>
    /// Opens every part of the panel the config names. A bus that is not there at all is reported
    /// through <paramref name="onFault"/> and that part is left out; chips are initialised on the
    /// first poll (and reported there if they do not answer).
    /// </summary>
    /// <param name="instrumentCount">Number of instruments in the model; the corner encoders wrap over it.</param>
    /// <param name="sink">Receives every event, on the poller's thread.</param>
    public static PanelPoller Create(PanelConfig config, IBusFactory buses, int instrumentCount, Action<ControlEvent> sink,
        Action<PanelFault>? onFault = null, PanelCalibration? calibration = null, PanelPollerOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(buses);
        ArgumentNullException.ThrowIfNull(sink);
        options ??= new PanelPollerOptions();
        var owned = new List<IDisposable>();
        string i2cAdvice = WiringAdvice.I2cWires(config);

        Part? touch = null;
        ITouchInput? touchInput = null;
        if (config.TouchSensor != TouchSensorKind.None)
        {
            touchInput = Open(() =>
            {
                if (config.TouchSensor == TouchSensorKind.TrillSquare)
                {
                    return (ITouchInput)new TrillSquare(Own(owned, buses.OpenI2c(config.I2cBus, config.TrillAddress)), options.Touch);
                }

                var mpr = new Mpr121(Own(owned, buses.OpenI2c(config.I2cBus, config.Mpr121Address)));
                return new TouchGrid(mpr, config.RowElectrodes, config.ColumnElectrodes, options.Touch);
            }, "touch sensor", onFault);
            if (touchInput is not null)
            {
                ITouchInput t = touchInput;
                touch = new Part(Guard($"{t.Name} on I2C bus {config.I2cBus}", i2cAdvice, t.Initialize, onFault, options),
                    options.TouchRateHz, () => t.Poll(sink));
            }
        }

        Part? knobs = null;
        if (config.KnobAdc != KnobAdcKind.None && config.Knobs.Count > 0)
        {
            KnobReader? reader = Open(() => new KnobReader(OpenKnobSource(config, buses, owned), [.. config.Knobs.Select(k => k.Knob)],
                calibration?.Knobs, options.KnobDeadBand, options.KnobSmoothing), "knobs", onFault);
            if (reader is not null)
            {
                string advice = config.KnobAdc == KnobAdcKind.Mcp3008 ? WiringAdvice.SpiWires(config) : i2cAdvice;
                knobs = new Part(Guard(reader.Name, advice, reader.Initialize, onFault, options), options.KnobRateHz, () => reader.Poll(sink));
            }
        }

        Part? encoders = null;
        EncoderPanel? encoderPanel = null;
        if (config.Encoders.Count > 0)
        {
            encoderPanel = Open(() =>
            {
                GpioController gpio = Own(owned, buses.OpenGpio());
                return new EncoderPanel(gpio, config.Encoders, instrumentCount, options.InitialInstruments,
                    config.EncoderTransitionsPerDetent, config.ReverseEncoders, options.HoldTime);
            }, "encoders", onFault);
            if (encoderPanel is not null)
            {
                EncoderPanel panel = encoderPanel;
                Part? part = null;
                part = new Part(Guard("encoders (GPIO)", "", () => { }, onFault, options), options.EncoderRateHz, () => panel.Poll(part!.Now, sink));
                encoders = part;
            }
        }

        return new PanelPoller(sink, onFault, owned, touch, knobs, encoders, touchInput, encoderPanel);
    }

    /// <summary>A finger is on the touch sensor.</summary>
    public bool Touching => _touchInput?.Touching ?? false;

    /// <summary>Keeps the corner encoders in step when a corner changes elsewhere (recalled patch, web panel).</summary>
    public void SetCornerInstrument(int corner, int instrument) => _encoderPanel?.SetInstrument(corner, instrument);

    /// <summary>Polls whatever is due at <paramref name="now"/> (time since start). For the thread, and for callers with their own loop.</summary>
    public void PollOnce(TimeSpan now)
    {
        _encoders?.RunIfDue(now);
        _touch?.RunIfDue(now);
        _knobs?.RunIfDue(now);
    }

    /// <summary>Starts the polling thread.</summary>
    public void Start()
    {
        if (_thread is not null)
        {
            return;
        }

        _stopping = false;
        _thread = new Thread(Loop) { IsBackground = true, Name = "NSynthBox panel", Priority = ThreadPriority.AboveNormal };
        _thread.Start();
    }

    /// <summary>Stops the polling thread and waits for it.</summary>
    public void Stop()
    {
        _stopping = true;
        _thread?.Join();
        _thread = null;
    }

    public void Dispose()
    {
        Stop();
        foreach (IDisposable d in _owned)
        {
            d.Dispose();
        }

        _owned.Clear();
    }

    private void Loop()
    {
        long start = Stopwatch.GetTimestamp();
        while (!_stopping)
        {
            try
            {
                PollOnce(Stopwatch.GetElapsedTime(start));
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                // A sink that throws must not stop the panel.
                _onFault?.Invoke(new PanelFault("panel poller", $"the control sink failed: {e.Message}", Recovered: false));
            }

            Thread.Sleep(1);
        }
    }

    private static T? Open<T>(Func<T> open, string what, Action<PanelFault>? onFault)
        where T : class
    {
        try
        {
            return open();
        }
        catch (IOException e)
        {
            onFault?.Invoke(new PanelFault(what, $"{e.Message}; the panel runs without the {what} until restart", Recovered: false));
            return null;
        }
    }

    private static IKnobSource OpenKnobSource(PanelConfig config, IBusFactory buses, List<IDisposable> owned)
    {
        var channels = config.Knobs.Select(k => k.Channel).ToArray();
        if (config.KnobAdc == KnobAdcKind.Mcp3008)
        {
            var spi = Own(owned, buses.OpenSpi(config.SpiBus, config.Mcp3008ChipSelect, config.Mcp3008ClockHz));
            return new Mcp3008KnobSource(new Mcp3008(spi), channels);
        }

        int chipsNeeded = channels.Max() / Ads1115.InputCount + 1;
        var chips = new Ads1115[chipsNeeded];
        for (int c = 0; c < chipsNeeded; c++)
        {
            I2cDevice device = Own(owned, buses.OpenI2c(config.I2cBus, config.Ads1115Addresses[c]));
            chips[c] = new Ads1115(device);
        }

        return new Ads1115KnobSource(chips, channels);
    }

    private static DeviceGuard Guard(string device, string advice, Action initialize, Action<PanelFault>? onFault, PanelPollerOptions options) =>
        new(device, advice, initialize, onFault, options.RetryMin, options.RetryMax, options.RecoveredAfter);

    private static T Own<T>(List<IDisposable> owned, T disposable)
        where T : IDisposable
    {
        owned.Add(disposable);
        return disposable;
    }

    /// <summary>One polled part: its guard, its period and its (allocation-free, cached) poll.</summary>
    private sealed class Part(DeviceGuard guard, double rateHz, Action poll)
    {
        private readonly TimeSpan _period = TimeSpan.FromSeconds(1 / rateHz);
        private TimeSpan _due = TimeSpan.Zero;

        /// <summary>The time of the poll in progress.</summary>
        public TimeSpan Now { get; private set; }

        public void RunIfDue(TimeSpan now)
        {
            if (now < _due)
            {
                return;
            }

            // Skip missed periods rather than bursting to catch up.
            _due = now - _due >= _period ? now + _period : _due + _period;
            Now = now;
            guard.Run(now, poll);
        }
    }
}
