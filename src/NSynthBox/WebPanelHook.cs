using Microsoft.Extensions.Logging;
using NSynthBox.Platform.Control;
using NSynthBox.Web;

namespace NSynthBox;

/// <summary>
/// Starts the browser panel (src/NSynthBox.Web) for a running box when the config's Web section
/// enables it. The page's control events go through the box's control hub, so web moves are
/// recorded, sent as MIDI CC and shown on the OLED like the panel's; its settings form edits
/// panel-settings.json in the state folder; its warning list is the log's recent warnings.
/// </summary>
internal static class WebPanelHook
{
    /// <summary>Returns what to dispose when the box stops (null: not enabled).</summary>
    public static IAsyncDisposable? Start(WebSection web, LiveBox box, ILoggerFactory loggers, string stateDirectory)
    {
        if (!web.Enabled) return null;
        var warnings = new WarningRingLoggerProvider();
        loggers.AddProvider(warnings);
        var logger = loggers.CreateLogger("web");
        var settings = new JsonSettingsStore(Path.Combine(stateDirectory, PanelSettingsOverrides.FileName));
        var backend = new EngineWebPanelBackend(box.Engine, settings, warnings, () => box.Sink.Metrics.Underruns,
            logger: logger, post: e => box.Hub.Post(e, ControlSource.Web));
        var panel = WebPanel.StartAsync(new WebPanelOptions { Address = web.Bind, Port = web.Port }, backend, loggers).GetAwaiter().GetResult();
        WebPin.Publish(panel, stateDirectory, logger, box.ShowOnPanel);
        return panel;
    }
}
