using System.CommandLine;
using NSynthBox.Hardware;

namespace NSynthBox;

/// <summary>
/// nsynthbox selftest / calibrate: a maker's first boot. The self-test probes every chip on its
/// bus and reads every knob, encoder and electrode, and names the wire to check when something
/// does not answer; calibrate records the knobs' travel and the touch baselines.
/// </summary>
internal static class SelftestCommand
{
    public static Command Create()
    {
        var board = BoardOption();
        var pinmap = new Option<string?>("--pinmap") { Description = "pin map JSON (default: the built-in copy of hardware/pinmap.json)" };
        var command = new Command("selftest", "Probe the panel's chips and inputs and say which wire to check") { board, pinmap };
        command.SetAction(r => Cli.Guard(() =>
        {
            var config = LoadConfig(r.GetValue(board), r.GetValue(pinmap));
            var report = SelfTest.Run(config, new LinuxBusFactory(config), new SelfTestOptions { Calibration = PanelCalibration.TryLoad(PanelCalibration.DefaultPath) });
            Console.WriteLine(report);
            return report.Passed ? 0 : 1;
        }));
        return command;
    }

    public static Command CreateCalibrate()
    {
        var board = BoardOption();
        var pinmap = new Option<string?>("--pinmap") { Description = "pin map JSON" };
        var seconds = new Option<double>("--seconds") { Description = "time to turn every knob from end to end", DefaultValueFactory = _ => 15 };
        var output = new Option<string?>("--output", "-o") { Description = $"where to save (default {PanelCalibration.DefaultPath})" };
        var command = new Command("calibrate", "Record the knobs' travel and the touch grid's baselines") { board, pinmap, seconds, output };
        command.SetAction(r => Cli.Guard(() =>
        {
            var config = LoadConfig(r.GetValue(board), r.GetValue(pinmap));
            using var calibrator = new Calibrator(config, new LinuxBusFactory(config));
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
            var path = r.GetValue(output) ?? PanelCalibration.DefaultPath;
            calibrator.Result().Save(path);
            Console.WriteLine($"saved {path}");
            return 0;
        }));
        return command;
    }

    private static Option<string?> BoardOption() =>
        new("--board") { Description = "pi4, pi5 or jetson-orin-nano (default: detected from /proc/device-tree/model)" };

    private static PanelConfig LoadConfig(string? board, string? pinmap)
    {
        board ??= PanelConfig.DetectBoard()
                  ?? throw new UserInputException("this is not a Raspberry Pi 4/5 or Jetson Orin Nano (nothing known in /proc/device-tree/model): pass --board pi4|pi5|jetson-orin-nano");
        return pinmap is null ? PanelConfig.Default(board) : PanelConfig.Load(pinmap, board);
    }
}
