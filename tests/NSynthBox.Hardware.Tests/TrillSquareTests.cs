using NSynthBox.Engine;
using NSynthBox.Hardware.Tests.Fakes;

namespace NSynthBox.Hardware.Tests;

public class TrillSquareTests
{
    private readonly FakeTrillSquare _chip = new();

    private TrillSquare Sensor() => new(_chip, new TouchOptions { Smoothing = 0 }) { Delay = _ => { } };

    [Fact]
    public void Initialise_identifies_then_sets_centroid_mode_scan_settings_and_baseline()
    {
        TrillSquare trill = Sensor();
        trill.Initialize();

        Assert.Equal(
            [
                [(byte)TrillCommand.Identify],
                [(byte)TrillCommand.Mode, (byte)TrillMode.Centroid],
                [(byte)TrillCommand.ScanSettings, 0, 12],
                [(byte)TrillCommand.BaselineUpdate],
            ],
            _chip.Commands);
        Assert.Equal(2, trill.FirmwareVersion);
    }

    [Fact]
    public void Touch_is_read_from_the_centroid_block()
    {
        TrillSquare trill = Sensor();
        trill.Initialize();
        _chip.Touch = (Horizontal: 448, Vertical: 1344);

        Assert.True(trill.ReadTouch(out float x, out float y, out int size));
        Assert.Equal(0.25f, x, 3);
        Assert.Equal(0.75f, y, 3);
        Assert.Equal(500, size);
    }

    [Fact]
    public void No_touch_reads_as_ffff()
    {
        TrillSquare trill = Sensor();
        trill.Initialize();
        _chip.Touch = null;

        Assert.False(trill.ReadTouch(out _, out _, out _));
    }

    [Fact]
    public void Polling_sends_positions_like_the_grid()
    {
        TrillSquare trill = Sensor();
        trill.Initialize();
        var events = new List<ControlEvent>();
        _chip.Touch = (1792, 0);
        trill.Poll(events.Add);
        _chip.Touch = null;
        trill.Poll(events.Add);

        Assert.Equal([ControlEvent.Position2D(1f, 0f)], events);
        Assert.False(trill.Touching);
    }

    [Fact]
    public void Another_trill_model_is_refused()
    {
        _chip.DeviceType = 1; // Trill Bar
        var e = Assert.Throws<ChipException>(() => Sensor().Initialize());
        Assert.Contains("Trill Square at 0x28", e.Message);
        Assert.Contains("device type 1", e.Message);
    }
}
