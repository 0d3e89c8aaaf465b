namespace NSynthBox.Hardware;

/// <summary>
/// Runs one device's poll and survives the device disappearing: an <see cref="IOException"/>
/// (a NACK from the I2C driver, or invalid data) marks it down and reports it once; then it is
/// re-initialised after a back-off that doubles up to a maximum, and reported once it is back.
/// Nothing is sent while it is down, so the instrument keeps the last values.
/// </summary>
internal sealed class DeviceGuard
{
    private readonly string _device;
    private readonly string _advice;
    private readonly Action _initialize;
    private readonly Action<PanelFault>? _report;
    private readonly TimeSpan _minBackoff;
    private readonly TimeSpan _maxBackoff;
    private TimeSpan _backoff;
    private TimeSpan _retryAt;
    private bool _faulted;

    /// <param name="advice">Appended to a "did not answer" message: the wires to check.</param>
    public DeviceGuard(string device, string advice, Action initialize, Action<PanelFault>? report, TimeSpan minBackoff, TimeSpan maxBackoff)
    {
        _device = device;
        _advice = advice;
        _initialize = initialize;
        _report = report;
        _minBackoff = minBackoff;
        _maxBackoff = maxBackoff;
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
            if (_faulted)
            {
                _faulted = false;
                _report?.Invoke(new PanelFault(_device, $"{_device} is answering again", Recovered: true));
            }
        }

        try
        {
            poll();
        }
        catch (IOException e)
        {
            Fail(now, e);
        }
    }

    private void Fail(TimeSpan now, IOException e)
    {
        Healthy = false;
        FailedAttempts++;
        _retryAt = now + _backoff;
        _backoff = TimeSpan.FromTicks(Math.Min(_backoff.Ticks * 2, _maxBackoff.Ticks));
        if (!_faulted)
        {
            _faulted = true;
            string what = e is ChipException or BusNotFoundException ? e.Message : $"{_device} did not answer ({e.Message})";
            string message = e is BusNotFoundException || _advice.Length == 0 ? what : $"{what}: {_advice}";
            _report?.Invoke(new PanelFault(_device, message + "; keeping the last values and retrying", Recovered: false));
        }
    }
}
