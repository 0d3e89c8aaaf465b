using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;
using NSynthBox.Hardware;

namespace NSynthBox;

/// <summary>
/// nsynthbox selftest / calibrate: a maker's first boot. Both read the configuration the service
/// reads (--config, else /etc/nsynthbox/config.json): its board, knob ADC, OLED, audio output, MIDI
/// ports and state folder. The self-test probes every chip at rest, then (unless --at-rest) walks
/// the maker through every control, a test tone and a MIDI loopback; calibrate records the knobs'
/// travel and the touch baselines into the state folder, where the running box reads them.
/// </summary>
internal static class SelftestCommand
{
    public static Command Create()
    {
        var config = ConfigOption();
        var board = BoardOption();
        var pinmap = PinMapOption();
        var atRest = new Option<bool>("--at-rest") { Description = "only the hands-off check of every chip and input (what the service runs at start); no questions" };
        var command = new Command("selftest", "Check the panel, the audio output and DIN MIDI, step by step, and say which wire to check") { config, board, pinmap, atRest };
        command.SetAction(r => Cli.Guard(() =>
        {
            using var loggers = StderrLoggers();
            var (box, panel) = Load(r.GetValue(config), r.GetValue(board), r.GetValue(pinmap), loggers);
            var buses = new LinuxBusFactory(panel);
            var rest = SelfTest.Run(panel, buses, new SelfTestOptions { Calibration = TryLoadCalibration(box) });
            if (r.GetValue(atRest))
            {
                Console.WriteLine(rest);
                return rest.Passed ? 0 : 1;
            }
            var report = Guided(box, panel, buses, rest, new TerminalGuide(Console.In, Console.Out), loggers);
            Console.WriteLine();
            Console.WriteLine(report);
            return report.Passed ? 0 : 1;
        }));
        return command;
    }

    /// <summary>The at-rest findings, then every control, the tone and the MIDI loopback with the maker.</summary>
    internal static SelfTestReport Guided(BoxConfig box, PanelConfig panel, IBusFactory buses, SelfTestReport atRest, ISelfTestGuide guide, ILoggerFactory loggers,
                                          GuidedSelfTestOptions? options = null)
    {
        guide.Instruct("Chips", $"Hands off the panel: every chip and input is read at rest ({box.Source}, board {panel.Board}).");
        foreach (var line in atRest.Lines) guide.Report(line);
        var lines = new List<SelfTestLine>(atRest.Lines);
        lines.AddRange(GuidedSelfTest.Run(panel, buses, guide, options));
        lines.Add(Reported(guide, ToneCheck.Run(box.Audio, loggers, guide)));
        lines.Add(Reported(guide, MidiLoopbackCheck.Run(box.Midi, loggers, guide)));
        return new SelfTestReport(panel.Board, lines);
    }

    private static SelfTestLine Reported(ISelfTestGuide guide, SelfTestLine line)
    {
        guide.Report(line);
        return line;
    }

    public static Command CreateCalibrate()
    {
        var config = ConfigOption();
        var board = BoardOption();
        var pinmap = PinMapOption();
        var seconds = new Option<double>("--seconds") { Description = "time to turn every knob from end to end", DefaultValueFactory = _ => 15 };
        var output = new Option<string?>("--output", "-o") { Description = "where to save (default: calibration.json in the config's State:Directory, where the running box reads it)" };
        var command = new Command("calibrate", "Record the knobs' travel and the touch grid's baselines for the box") { config, board, pinmap, seconds, output };
        command.SetAction(r => Cli.Guard(() =>
        {
            using var loggers = StderrLoggers();
            var (box, panel) = Load(r.GetValue(config), r.GetValue(board), r.GetValue(pinmap), loggers);
            var path = r.GetValue(output) ?? box.State.CalibrationPath;
            using var calibrator = new Calibrator(panel, new LinuxBusFactory(panel));
            Console.WriteLine($"Turn every knob from one end to the other within {r.GetValue(seconds):0} s ...");
            var end = DateTime.UtcNow.AddSeconds(r.GetValue(seconds));
            while (DateTime.UtcNow < end)
            {
                calibrator.SampleKnobs();
                Thread.Sleep(10);
            }
            foreach (var knob in calibrator.KnobsNotTurnedFully) Console.WriteLine($"  {knob.Knob} was not turned across its whole travel");
            Console.WriteLine("Hands off the touch grid: reading baselines ...");
            calibrator.CaptureTouchBaselines();
            try
            {
                calibrator.Result().Save(path);
            }
            catch (UnauthorizedAccessException e)
            {
                throw new UserInputException($"cannot write {path} ({e.Message}): run it as root (sudo nsynthbox calibrate), the state folder belongs to the service's user");
            }
            Console.WriteLine($"saved {path}; the box reads it when it starts: sudo systemctl restart nsynthbox");
            return 0;
        }));
        return command;
    }

    private static Option<string?> ConfigOption() =>
        new("--config") { Description = $"the box's JSON configuration (default: {BoxConfigReader.DefaultPath} when it exists, as the service reads it)" };

    private static Option<string?> BoardOption() =>
        new("--board") { Description = "pi4, pi5 or jetson-orin-nano (default: Panel:Board of the config, else detected from /proc/device-tree/model)" };

    private static Option<string?> PinMapOption() =>
        new("--pinmap") { Description = "pin map JSON (default: the built-in copy of hardware/pinmap.json)" };

    internal static (BoxConfig Box, PanelConfig Panel) Load(string? configPath, string? board, string? pinmap, ILoggerFactory loggers)
    {
        var overrides = new Dictionary<string, string?>();
        if (board is not null) overrides["Panel:Board"] = board;
        var box = BoxConfigReader.Load(configPath, overrides, loggers.CreateLogger("config"));
        var panel = box.Panel.Resolve(pinmap)
                    ?? throw new UserInputException($"this is not a Raspberry Pi 4/5 or Jetson Orin Nano (nothing known in /proc/device-tree/model): set Panel:Board in {box.Source} or pass --board pi4|pi5|jetson-orin-nano");
        return (box, panel);
    }

    private static PanelCalibration? TryLoadCalibration(BoxConfig box)
    {
        try
        {
            return PanelCalibration.TryLoad(box.State.CalibrationPath);
        }
        catch (InvalidDataException e)
        {
            Console.Error.WriteLine($"nsynthbox: {e.Message}");
            return null;
        }
    }

    /// <summary>Config warnings (an unknown key) on stderr, apart from the report.</summary>
    private static ILoggerFactory StderrLoggers() => LoggerFactory.Create(b =>
    {
        b.AddSimpleConsole(o =>
        {
            o.SingleLine = true;
            o.ColorBehavior = LoggerColorBehavior.Disabled;
        });
        b.Services.Configure<ConsoleLoggerOptions>(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
        b.SetMinimumLevel(LogLevel.Warning);
    });
}
