namespace NSynthBox.Hardware;

/// <summary>
/// Runs one device's poll and survives the device disappearing: an <see cref="IOException"/>
/// (a NACK from the I2C driver, or invalid data) marks it down and reports it once, naming the chip,
/// its address and its bus; then it is re-initialised after a back-off that doubles up to a maximum.
/// It is reported back once it has answered for <c>stableFor</c>, so a chip with a loose wire that
/// drops out every few reads makes two log lines, not two per dropout. Nothing is sent while it is
/// down, so the instrument keeps the last values.
/// </summary>
internal sealed class DeviceGuard
{
    private readonly string _device;
    private readonly string _advice;
    private readonly Action _initialize;
    private readonly Action<PanelFault>? _report;
    private readonly TimeSpan _minBackoff;
    private readonly TimeSpan _maxBackoff;
    private readonly TimeSpan _stableFor;
    private TimeSpan _backoff;
    private TimeSpan _retryAt;
    private TimeSpan _healthySince;
    private bool _faulted;
    private int _dropouts;
    private bool _answered;

    /// <param name="device">"MPR121 at 0x5A on I2C bus 1": named in every report.</param>
    /// <param name="advice">Appended to a "did not answer" message: the wires to check.</param>
    /// <param name="stableFor">How long it must answer again before it is reported back.</param>
    public DeviceGuard(string device, string advice, Action initialize, Action<PanelFault>? report, TimeSpan minBackoff, TimeSpan maxBackoff,
        TimeSpan stableFor = default)
    {
        _device = device;
        _advice = advice;
        _initialize = initialize;
        _report = report;
        _minBackoff = minBackoff;
        _maxBackoff = maxBackoff;
        _stableFor = stableFor;
        _backoff = minBackoff;
        _retryAt = TimeSpan.MinValue;
    }

    public string Device => _device;

    /// <summary>Initialised and its last poll worked.</summary>
    public bool Healthy { get; private set; }

    /// <summary>Number of failed attempts since it went down (0 while healthy).</summary>
    public int FailedAttempts { get; private set; }

    public void Run(TimeSpan now, Action poll)
    {
        if (!Healthy)
        {
            if (now < _retryAt)
            {
                return;
            }

            try
            {
                _initialize();
            }
            catch (IOException e)
            {
                Fail(now, e);
                return;
            }

            Healthy = true;
            FailedAttempts = 0;
            _backoff = _minBackoff;
            _healthySince = now;
        }

        try
        {
            poll();
        }
        catch (IOException e)
        {
            Fail(now, e);
            return;
        }

        _answered = true;
        if (_faulted && now - _healthySince >= _stableFor)
        {
            _faulted = false;
            var again = _dropouts > 0 ? $" (it dropped out {_dropouts} more time{(_dropouts == 1 ? "" : "s")} before it settled)" : "";
            _dropouts = 0;
            _report?.Invoke(new PanelFault(_device, $"{_device} is answering again{again}", Recovered: true));
        }
    }

    private void Fail(TimeSpan now, IOException e)
    {
        Healthy = false;
        FailedAttempts++;
        _retryAt = now + _backoff;
        _backoff = TimeSpan.FromTicks(Math.Min(_backoff.Ticks * 2, _maxBackoff.Ticks));
        var answeredBefore = _answered;
        _answered = false;
        if (_faulted)
        {
            // A failure after good reads is a new dropout; a failed retry is the same outage going on.
            if (answeredBefore) _dropouts++;
            return;
        }

        _faulted = true;
        string what = e is BusNotFoundException ? e.Message
            : e is ChipException chip ? NameTheBus(chip)
            : $"{_device} did not answer ({e.Message})";
        string message = e is BusNotFoundException || _advice.Length == 0 ? what : $"{what}: {_advice}";
        _report?.Invoke(new PanelFault(_device, message + "; keeping the last values and retrying", Recovered: false));
    }

    /// <summary>A chip's own message names it ("MPR121 at 0x5A returned ..."); the report names its bus too.</summary>
    private string NameTheBus(ChipException e) =>
        !e.Message.StartsWith(_device, StringComparison.Ordinal) && e.Message.StartsWith(e.Chip, StringComparison.Ordinal) && _device.StartsWith(e.Chip, StringComparison.Ordinal)
            ? _device + e.Message[e.Chip.Length..]
            : e.Message;
}
