using NSynthBox.Engine;
using NSynthBox.Hardware.Tests.Fakes;

namespace NSynthBox.Hardware.Tests;

public sealed class CalibrationTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "nsynthbox-cal-" + Guid.NewGuid().ToString("N"));
    private readonly FakeBusFactory _bench = FakeBusFactory.ReferenceBuild();

    public void Dispose()
    {
        if (Directory.Exists(_dir))
        {
            Directory.Delete(_dir, recursive: true);
        }
    }

    [Fact]
    public void Calibration_records_knob_ends_and_touch_baselines()
    {
        using var calibrator = new Calibrator(TestConfig.Pi4, _bench) { TouchSettleTime = TimeSpan.Zero };
        // The maker turns every knob end to end.
        foreach (int raw in new[] { 500, 12, 300, 1010, 700 })
        {
            for (int ch = 0; ch < 6; ch++)
            {
                _bench.Spi!.Channels[ch] = ch == 3 ? 400 : raw;   // knob 3 never moves
            }

            calibrator.SampleKnobs();
        }

        for (int e = 0; e < 12; e++)
        {
            _bench.Mpr121.SetElectrode(e, baseline: 500 + 4 * e, filtered: 500 + 4 * e);
        }

        IReadOnlyList<int> baselines = calibrator.CaptureTouchBaselines(samples: 4);
        PanelCalibration result = calibrator.Result();

        Assert.Equal(new KnobRange(Knob.Attack, 12, 1010), result.Knobs[1]);
        Assert.False(result.Knobs[3].IsUsable);
        Assert.Equal([Knob.Sustain], calibrator.KnobsNotTurnedFully.Select(k => k.Knob));
        Assert.Equal([.. Enumerable.Range(0, 12).Select(e => 500 + 4 * e)], baselines);
        Assert.Equal(baselines, result.TouchBaselines);
        Assert.Equal("pi4", result.Board);
    }

    [Fact]
    public void Calibration_is_saved_atomically_and_loads_back()
    {
        string path = Path.Combine(_dir, "nsynthbox", "calibration.json");
        var calibration = new PanelCalibration
        {
            Board = "pi5",
            Created = new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero),
            Knobs = [new KnobRange(Knob.Position, 3, 1019), new KnobRange(Knob.Volume, 20, 1000)],
            TouchBaselines = [.. Enumerable.Range(0, 12).Select(i => 600 + i)],
        };

        calibration.Save(path);
        calibration.Save(path);   // over an existing file

        Assert.Equal([path], Directory.GetFiles(Path.GetDirectoryName(path)!));  // no temporary file left
        PanelCalibration loaded = PanelCalibration.TryLoad(path)!;
        Assert.Equal(calibration.Board, loaded.Board);
        Assert.Equal(calibration.Created, loaded.Created);
        Assert.Equal(calibration.Knobs, loaded.Knobs);
        Assert.Equal(calibration.TouchBaselines, loaded.TouchBaselines);
    }

    [Fact]
    public void A_crash_while_saving_leaves_the_old_calibration_intact()
    {
        string path = Path.Combine(_dir, "calibration.json");
        new PanelCalibration { Board = "pi4", Knobs = [new KnobRange(Knob.Decay, 1, 1000)] }.Save(path);
        File.WriteAllText(path + ".tmp", "{ half a fi");   // what a power cut mid-write leaves behind

        Assert.Equal("pi4", PanelCalibration.TryLoad(path)!.Board);
        new PanelCalibration { Board = "pi5" }.Save(path);
        Assert.Equal("pi5", PanelCalibration.TryLoad(path)!.Board);
        Assert.False(File.Exists(path + ".tmp"));
    }

    [Fact]
    public void Missing_file_is_no_calibration_and_a_broken_one_says_to_recalibrate()
    {
        Assert.Null(PanelCalibration.TryLoad(Path.Combine(_dir, "none.json")));
        Directory.CreateDirectory(_dir);
        string broken = Path.Combine(_dir, "broken.json");
        File.WriteAllText(broken, "{\"version\": 1}");

        var e = Assert.Throws<InvalidDataException>(() => PanelCalibration.TryLoad(broken));
        Assert.Contains("nsynthbox calibrate", e.Message);
    }

    [Fact]
    public void Calibrated_knobs_reach_full_range_in_the_poller()
    {
        var events = new List<ControlEvent>();
        _bench.Spi!.Channels[2] = 990;
        var calibration = new PanelCalibration { Knobs = [new KnobRange(Knob.Decay, 30, 990)] };
        using PanelPoller poller = PanelPoller.Create(TestConfig.Pi4, _bench, 4, events.Add, calibration: calibration);
        poller.PollOnce(TimeSpan.Zero);

        Assert.Equal(ControlEvent.SetKnob(Knob.Decay, 1f), events.Single(e => e.Kind == ControlKind.Knob && e.Index == (int)Knob.Decay));
    }
}
