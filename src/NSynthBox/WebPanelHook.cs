using System.Globalization;
using Microsoft.Extensions.Logging;
using NSynthBox.Engine.Import;
using NSynthBox.Neural;
using NSynthBox.Neural.Encoding;
using NSynthBox.Platform.Sounds;
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
        // Until the page saves, it shows what this box plays with: its channel, CC map and device.
        var settings = new JsonSettingsStore(Path.Combine(stateDirectory, PanelSettingsOverrides.FileName))
        {
            Defaults = new PanelSettings
            {
                MidiChannel = box.Config.Midi.Channel + 1,
                CcMap = PanelSettings.CcMapOf(box.Mapper.Assignments),
                AudioDevice = box.Config.Audio.Device,
            },
        };
        var library = new SoundLibrary(stateDirectory);
        var backend = new EngineWebPanelBackend(box.Engine, settings, warnings, () => box.Sink.Metrics.Underruns,
            logger: logger, post: e => box.Hub.Post(e, ControlSource.Web),
            importSound: (upload, cancel) => ImportUpload(upload, box.Model, library, logger, cancel));
        WebPanel panel;
        try
        {
            panel = WebPanel.StartAsync(new WebPanelOptions { Address = web.Bind, Port = web.Port, RequirePin = web.RequirePin ? true : null }, backend, loggers).GetAwaiter().GetResult();
        }
        catch (IOException e)
        {
            // A port taken by another program, or Web:Bind an address the machine no longer has (a DHCP change): the music goes on without the panel.
            logger.LogError("{Error}; playing without the web panel (Web:Port, Web:Bind)", e.Message);
            return null;
        }
        WebPin.Publish(panel, stateDirectory, logger, box.ShowOnPanel);
        return panel;
    }

    /// <summary>
    /// The page's upload through the same <see cref="SoundImport"/> as 'nsynthbox import': the bytes go to a
    /// hidden folder of the library (skipped when it loads) under the browser's file name, so messages name it.
    /// </summary>
    internal static SoundUploadResult ImportUpload(SoundUpload upload, ModelPackage model, SoundLibrary library, ILogger logger, CancellationToken cancel)
    {
        var folder = Path.Combine(library.Directory, $".upload-{Guid.NewGuid():N}");
        var safeName = new string([.. Path.GetFileName(upload.FileName).Select(c => char.IsLetterOrDigit(c) || c is '.' or '-' or '_' or ' ' ? c : '_')]).Trim();
        if (safeName.Length == 0 || safeName.StartsWith('.')) safeName = "upload.wav";
        var path = Path.Combine(folder, safeName);
        try
        {
            Directory.CreateDirectory(folder);
            File.WriteAllBytes(path, upload.Bytes);
            var result = SoundImport.Run([path], upload.Name, model, SoundEncoder.Open, library, cancellationToken: cancel);
            var recording = result.Recordings[0];
            var message = string.Create(CultureInfo.InvariantCulture,
                $"imported '{result.Sound.Name}' from {safeName}: pitch {NoteName.Describe(recording.PitchHz)}, fit {result.Encoded.FitDb:0.0} dB ({result.Encoded.Method}), " +
                $"{result.Elapsed.TotalSeconds:0.0} s; a corner from the next start of the box");
            return new SoundUploadResult(true, message, recording.Warnings);
        }
        catch (Exception e) when (e is SoundImportException or ModelPackageException or ArgumentException or InvalidDataException or IOException or UnauthorizedAccessException or InvalidOperationException)
        {
            logger.LogWarning("web panel: sound upload {File} refused: {Error}", safeName, e.Message.Replace(path, safeName, StringComparison.Ordinal));
            return SoundUploadResult.Refused(e.Message.Replace(path, safeName, StringComparison.Ordinal));
        }
        finally
        {
            try
            {
                Directory.Delete(folder, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }
}
