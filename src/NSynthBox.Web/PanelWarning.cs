using Microsoft.Extensions.Logging;

namespace NSynthBox.Web;

/// <summary>One warning (or worse) from the log, as the page lists it.</summary>
public sealed record PanelWarning(DateTimeOffset Time, LogLevel Level, string Category, string Message);
