using Microsoft.Extensions.Logging;

namespace NSynthBox;

/// <summary>
/// Where 'nsynthbox run' starts the browser panel (src/NSynthBox.Web): the Web section is already read
/// and checked (<see cref="WebSection"/>: Enabled, Port, Bind), and this is the one call to wire.
/// </summary>
internal static class WebPanelHook
{
    /// <summary>
    /// Starts the web panel for a running box; returns what to dispose when the box stops (null: not started).
    /// To wire it: build an <c>IWebPanelBackend</c> whose <c>Post</c> goes through
    /// <c>box.Hub.Post(e, ControlSource.Web)</c> (so web moves are recorded, sent as MIDI CC and shown on the
    /// OLED like the panel's), whose snapshot is <c>box.Engine.Snapshot</c> and whose underruns are
    /// <c>box.Sink.Metrics.Underruns</c>; then
    /// <c>WebPanel.StartAsync(new WebPanelOptions { Address = web.Bind, Port = web.Port }, backend, loggers).GetAwaiter().GetResult()</c>.
    /// MIDI learn is <c>box.Learn.Arm(target)</c>, patches are <c>box.Patches</c>.
    /// </summary>
    public static IAsyncDisposable? Start(WebSection web, LiveBox box, ILoggerFactory loggers)
    {
        if (!web.Enabled) return null;
        loggers.CreateLogger("web").LogWarning(
            "web panel: Web:Enabled is true ({Bind}:{Port}) but this build does not start it yet (WebPanelHook); the box plays without it",
            web.Bind, web.Port);
        _ = box;
        return null;
    }
}
