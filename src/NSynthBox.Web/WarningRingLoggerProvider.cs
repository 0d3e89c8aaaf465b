using Microsoft.Extensions.Logging;

namespace NSynthBox.Web;

/// <summary>
/// A logger provider that keeps the last few warnings and errors in memory, so the page can show
/// e.g. "touch sensor stopped answering" without reading a log file. Add it to the app's logging
/// (<c>builder.Logging.AddProvider(ring)</c>) and hand it to <see cref="EngineWebPanelBackend"/>.
/// </summary>
public sealed class WarningRingLoggerProvider : ILoggerProvider
{
    private readonly PanelWarning[] _ring;
    private readonly TimeProvider _time;
    private readonly Lock _gate = new();
    private long _count;

    public WarningRingLoggerProvider(int capacity = 50, LogLevel minimumLevel = LogLevel.Warning, TimeProvider? time = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        _ring = new PanelWarning[capacity];
        MinimumLevel = minimumLevel;
        _time = time ?? TimeProvider.System;
    }

    public LogLevel MinimumLevel { get; }

    /// <summary>Warnings logged since start (also those that have left the ring): changes whenever <see cref="Recent"/> does.</summary>
    public long Count => Interlocked.Read(ref _count);

    /// <summary>The kept warnings, oldest first (a copy).</summary>
    public IReadOnlyList<PanelWarning> Recent
    {
        get
        {
            lock (_gate)
            {
                var n = (int)Math.Min(_count, _ring.Length);
                var result = new PanelWarning[n];
                for (var i = 0; i < n; i++) result[i] = _ring[(_count - n + i) % _ring.Length];
                return result;
            }
        }
    }

    public void Add(LogLevel level, string category, string message)
    {
        var entry = new PanelWarning(_time.GetUtcNow(), level, category, message);
        lock (_gate)
        {
            _ring[_count % _ring.Length] = entry;
            Interlocked.Increment(ref _count);
        }
    }

    public ILogger CreateLogger(string categoryName) => new RingLogger(this, categoryName);

    public void Dispose()
    {
    }

    private sealed class RingLogger(WarningRingLoggerProvider owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= owner.MinimumLevel && logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (!IsEnabled(logLevel)) return;
            var message = formatter(state, exception);
            if (exception is not null) message = $"{message} ({exception.GetType().Name}: {exception.Message})";
            owner.Add(logLevel, category, message);
        }
    }
}
