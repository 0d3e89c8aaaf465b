using Microsoft.Extensions.Logging;

namespace NSynthBox.Web;

/// <summary>
/// Passes the panel's own log lines through and keeps ASP.NET Core's per-request chatter
/// ("Request starting ...") out of the box's log: framework categories log warnings and worse only, and the
/// panel's own host not at all.
/// </summary>
internal sealed class QuietFrameworkLoggerFactory(ILoggerFactory inner) : ILoggerFactory
{
    public ILogger CreateLogger(string categoryName)
    {
        // The panel's own host only reports failing to start or stop, with a stack trace: StartAsync's caller gets that as an exception and says it in one line.
        if (categoryName.StartsWith("Microsoft.Extensions.Hosting", StringComparison.Ordinal)) return Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance;
        var logger = inner.CreateLogger(categoryName);
        return categoryName.StartsWith("Microsoft.", StringComparison.Ordinal) ? new WarningsOnly(logger) : logger;
    }

    public void AddProvider(ILoggerProvider provider) => inner.AddProvider(provider);

    /// <summary>The box owns the inner factory; the panel only borrows it.</summary>
    public void Dispose()
    {
    }

    private sealed class WarningsOnly(ILogger inner) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => inner.BeginScope(state);

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Warning && inner.IsEnabled(logLevel);

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel)) inner.Log(logLevel, eventId, state, exception, formatter);
        }
    }
}
