using NSynthBox.Hardware.Tests.Fakes;

namespace NSynthBox.Hardware.Tests;

public class Mpr121Tests
{
    [Fact]
    public void Mpr121_is_configured_in_stop_mode()
    {
        var chip = new FakeMpr121();
        new Mpr121(chip).Initialize();

        Assert.Equal(1, chip.SoftResets);
        Assert.Equal(0, chip.WritesIgnoredInRunMode);
        // Baseline filters, all 24 thresholds, AFE and auto-config registers were written before run mode.
        Assert.Contains((int)Mpr121Register.MaxHalfDeltaRising, chip.ConfiguredInStopMode);
        Assert.Contains((int)Mpr121Register.FilterDelayCountTouched, chip.ConfiguredInStopMode);
        Assert.Equal(24, chip.ConfiguredInStopMode.Count(r => r is >= 0x41 and <= 0x58));
        Assert.Contains((int)Mpr121Register.Config2, chip.ConfiguredInStopMode);
        Assert.Contains((int)Mpr121Register.AutoConfig0, chip.ConfiguredInStopMode);
        // Then run mode: baseline loaded from the first samples (CL = 10), 12 electrodes.
        Assert.Equal(0x8C, chip[Mpr121Register.ElectrodeConfig]);
        Assert.Equal(12, chip[0x41]);
        Assert.Equal(6, chip[0x42]);
        Assert.Equal(12, chip[0x41 + 2 * 11]);
        Assert.Equal(0x20, chip[Mpr121Register.Config2]);
        Assert.Equal(201, chip[Mpr121Register.UpSideLimit]); // (3.3 - 0.7) / 3.3 * 256
        Assert.Equal(180, chip[Mpr121Register.TargetLevel]);
        Assert.Equal(130, chip[Mpr121Register.LowSideLimit]);
    }

    [Fact]
    public void Reinitialising_a_running_chip_resets_it_first()
    {
        var chip = new FakeMpr121();
        var mpr = new Mpr121(chip);
        mpr.Initialize();
        mpr.Initialize();

        Assert.Equal(2, chip.SoftResets);
        Assert.Equal(0, chip.WritesIgnoredInRunMode);
    }

    [Fact]
    public void Something_else_at_the_address_is_not_taken_for_an_mpr121()
    {
        var other = new FakeAds1115(0x5A); // its config register (0x8583) answers the read of 0x5D
        var e = Assert.Throws<ChipException>(() => new Mpr121(other).Initialize());
        Assert.Contains("MPR121 at 0x5A", e.Message);
        Assert.Contains("CONFIG2 (0x5D) reads 0x85", e.Message);
    }

    [Fact]
    public void Missing_chip_throws_io_exception()
    {
        Assert.Throws<IOException>(() => new Mpr121(new AbsentI2cChip(0x5A).Init()).Initialize());
    }

    [Fact]
    public void Filtered_data_is_ten_bits_and_baselines_are_shifted_left_by_two()
    {
        var chip = new FakeMpr121();
        chip.SetElectrode(0, baseline: 1020, filtered: 1023);
        chip.SetElectrode(7, baseline: 516, filtered: 301);
        var mpr = new Mpr121(chip);
        mpr.Initialize();

        Span<ushort> filtered = stackalloc ushort[12];
        Span<ushort> baselines = stackalloc ushort[12];
        mpr.ReadSignals(filtered, baselines);

        Assert.Equal(1023, filtered[0]);
        Assert.Equal(301, filtered[7]);
        Assert.Equal(1020, baselines[0]);   // register 255 << 2
        Assert.Equal(516, baselines[7]);    // register 129 << 2
        Assert.Equal(600, filtered[11]);
    }

    [Fact]
    public void Touch_status_follows_the_thresholds()
    {
        var chip = new FakeMpr121();
        var mpr = new Mpr121(chip);
        mpr.Initialize();
        chip.Touch(3, 20);
        chip.Touch(9, 20);

        Assert.Equal((1 << 3) | (1 << 9), mpr.ReadTouchStatus());
    }

    [Fact]
    public void Garbage_on_the_bus_is_reported_with_the_chip_name()
    {
        var chip = new FakeMpr121();
        var mpr = new Mpr121(chip);
        mpr.Initialize();
        chip.Garbage = true;

        var e = Assert.Throws<ChipException>(() => mpr.ReadFilteredData(new ushort[12]));
        Assert.Equal("MPR121 at 0x5A", e.Chip);
        Assert.Contains("invalid data", e.Message);
    }
}
