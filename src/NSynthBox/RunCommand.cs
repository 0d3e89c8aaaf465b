using System.CommandLine;
using System.Globalization;
using System.Runtime;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;

namespace NSynthBox;

/// <summary>
/// nsynthbox run: plays live. Configuration from --config (else /etc/nsynthbox/config.json, else
/// defaults for a laptop without hardware), options on top; runs under the generic host with systemd
/// integration (Type=notify: READY once audio and MIDI are up; SIGTERM fades out and saves the take).
/// </summary>
internal static class RunCommand
{
    public static Command Create()
    {
        var config = new Option<string?>("--config") { Description = $"JSON configuration file (default: {BoxConfigReader.DefaultPath} when it exists)" };
        var device = new Option<string?>("--audio-device") { Description = "ALSA device (Audio:Device), e.g. default, hw:CARD=Headphones, null" };
        var sink = new Option<string?>("--sink") { Description = "where audio goes (Audio:Sink): alsa, wav, null or auto" };
        var wav = new Option<string?>("--wav") { Description = "WAV file for --sink wav (Audio:WavPath); alone it implies --sink wav" };
        var period = new Option<int?>("--period") { Description = "frames per audio period (Audio:PeriodFrames)" };
        var periods = new Option<int?>("--periods") { Description = "periods in the device buffer (Audio:Periods)" };
        var midiIn = new Option<string[]>("--midi-in") { Description = "raw MIDI input (device, serial port, FIFO), added to Midi:Inputs; PATH@BAUD for a serial rate", AllowMultipleArgumentsPerToken = true };
        var model = new Option<string?>("--model") { Description = "model package folder (Model:Path)" };
        var duration = new Option<double?>("--duration") { Description = "stop after this many seconds (for tests and recordings)" };
        var simulated = new Option<bool>("--simulated-panel") { Description = "the panel in the terminal's keyboard (Panel:Mode = simulated)" };
        var record = new Option<string?>("--record") { Description = "record the performance to this MIDI file, written when the box stops" };
        var web = new Option<int?>("--web") { Description = "serve the browser panel on this port (Web:Enabled, Web:Port; bound to 127.0.0.1 unless Web:Bind says otherwise)" };
        var command = new Command("run", "Play live: audio out, MIDI in and out, the panel")
        {
            config, device, sink, wav, period, periods, midiIn, model, duration, simulated, record, web,
        };
        command.SetAction(r => Cli.Guard(() =>
        {
            var overrides = new Dictionary<string, string?>();
            if (r.GetValue(device) is { } d) overrides["Audio:Device"] = d;
            if (r.GetValue(wav) is { } w)
            {
                overrides["Audio:WavPath"] = w;
                overrides["Audio:Sink"] = "wav";
            }
            if (r.GetValue(sink) is { } s) overrides["Audio:Sink"] = s;
            if (r.GetValue(period) is { } p) overrides["Audio:PeriodFrames"] = p.ToString(CultureInfo.InvariantCulture);
            if (r.GetValue(periods) is { } n) overrides["Audio:Periods"] = n.ToString(CultureInfo.InvariantCulture);
            if (r.GetValue(model) is { } m) overrides["Model:Path"] = m;
            if (r.GetValue(simulated)) overrides["Panel:Mode"] = "simulated";
            if (r.GetValue(web) is { } port)
            {
                overrides["Web:Enabled"] = "true";
                overrides["Web:Port"] = port.ToString(CultureInfo.InvariantCulture);
            }
            var seconds = r.GetValue(duration);
            if (seconds is <= 0) throw new UserInputException($"--duration {seconds}: expected a number of seconds above 0");
            return Run(r.GetValue(config), overrides, r.GetValue(midiIn) ?? [], seconds is null ? null : TimeSpan.FromSeconds(seconds.Value), r.GetValue(record));
        }));
        return command;
    }

    private static int Run(string? configPath, Dictionary<string, string?> overrides, string[] midiIn, TimeSpan? duration, string? recordPath)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true, ApplicationName = "nsynthbox", ContentRootPath = AppContext.BaseDirectory });
        builder.Logging.ClearProviders();
        builder.Logging.AddSimpleConsole(o =>
        {
            o.SingleLine = true;
            o.TimestampFormat = "HH:mm:ss.fff ";
            o.ColorBehavior = LoggerColorBehavior.Disabled;
        });
        builder.Logging.SetMinimumLevel(LogLevel.Information);
        builder.Logging.AddFilter("Microsoft", LogLevel.Warning);
        // While the terminal panel draws its view, log lines show inside it instead of scrolling it away.
        // (A provider's own rules replace the general ones above for it, so they repeat the levels.)
        builder.Logging.AddFilter<ConsoleLoggerProvider>(level => level >= LogLevel.Information && !TerminalPanel.ShowingView);
        builder.Logging.AddFilter<ConsoleLoggerProvider>("Microsoft", level => level >= LogLevel.Warning && !TerminalPanel.ShowingView);
        builder.Services.AddSystemd(); // journald log format and READY/STOPPING notifications when started by systemd
        LiveBox? box = null;
        builder.Services.AddSingleton<IHostedService>(sp => new LiveBoxService(box!, sp.GetRequiredService<IHostApplicationLifetime>(), duration));
        using var host = builder.Build();
        var loggers = host.Services.GetRequiredService<ILoggerFactory>();
        using var hangUp = LiveBoxService.HandleHangUp(host.Services.GetRequiredService<IHostApplicationLifetime>(), loggers.CreateLogger("nsynthbox"));

        var config = BoxConfigReader.Load(configPath, overrides, loggers.CreateLogger("config"));
        var withPanelSettings = new Dictionary<string, string?>(overrides);
        if (PanelSettingsOverrides.Apply(config.State.Directory, withPanelSettings, loggers.CreateLogger("config")) > 0)
        {
            try
            {
                config = BoxConfigReader.Load(configPath, withPanelSettings, loggers.CreateLogger("config"));
            }
            catch (UserInputException e)
            {
                // A value the web panel saved (or a hand edit of its file) must not stop the start: the config file's settings play.
                loggers.CreateLogger("config").LogWarning("{File}: a saved value is refused ({Error}); starting without the web panel's saved settings",
                    Path.Combine(config.State.Directory, PanelSettingsOverrides.FileName), e.Message);
            }
        }
        if (midiIn.Length > 0) config = config with { Midi = config.Midi with { Inputs = [.. config.Midi.Inputs, .. midiIn.Select(ParsePort)] } };
        // Fewer, shorter collections while playing; the audio thread itself never allocates.
        GCSettings.LatencyMode = GCLatencyMode.SustainedLowLatency;
        using (box = LiveBox.Create(config, loggers, recordPath))
        {
            host.Run();
        }
        return 0;
    }

    private static MidiPort ParsePort(string text)
    {
        var at = text.LastIndexOf('@');
        if (at <= 0) return new MidiPort(text);
        return int.TryParse(text[(at + 1)..], NumberStyles.Integer, CultureInfo.InvariantCulture, out var baud) && baud > 0
            ? new MidiPort(text[..at], baud)
            : throw new UserInputException($"--midi-in {text}: expected PATH or PATH@BAUD, e.g. /dev/ttyAMA0@38400");
    }
}
