using NSynthBox.Hardware.Tests.Fakes;

namespace NSynthBox.Hardware.Tests;

public class SelfTestTests
{
    private readonly FakeBusFactory _bench = FakeBusFactory.ReferenceBuild();
    private readonly PanelConfig _config = TestConfig.Pi4;
    private static readonly SelfTestOptions Quick = new() { TouchSettleTime = TimeSpan.Zero };

    private SelfTestReport Run(PanelConfig? config = null) => SelfTest.Run(config ?? _config, _bench, Quick);

    private static string Failures(SelfTestReport report) =>
        string.Join("\n", report.Lines.Where(l => l.Status == SelfTestStatus.Fail).Select(l => l.Text));

    [Fact]
    public void Self_test_passes_when_everything_answers()
    {
        SelfTestReport report = Run();

        Assert.True(report.Passed, report.ToString());
        Assert.Contains(report.Lines, l => l.Text.StartsWith("MPR121 at 0x5A answered on I2C bus 1", StringComparison.Ordinal));
        Assert.Contains(report.Lines, l => l.Text.StartsWith("SSD1306 OLED at 0x3C answered", StringComparison.Ordinal));
        Assert.Contains(report.Lines, l => l.Text == "touch grid: all 12 electrodes read normally (600..600 counts)");
        Assert.Contains(report.Lines, l => l.Text.StartsWith("knob Attack (RV2, MCP3008 CH1) reads 512", StringComparison.Ordinal));
        Assert.Contains(report.Lines, l => l.Text.StartsWith("encoder 2 (ENC2, top-right): A, B and push read high", StringComparison.Ordinal));
        Assert.EndsWith("Self-test passed.", report.ToString().TrimEnd());
    }

    [Fact]
    public void Self_test_names_the_wire_of_a_missing_chip()
    {
        _bench.I2c.Remove(0x5A);
        SelfTestReport report = Run();

        Assert.False(report.Passed);
        Assert.Contains(report.Lines, l => l.Status == SelfTestStatus.Fail && l.Text ==
            "MPR121 at 0x5A did not answer on I2C bus 1: check SDA (header pin 3) and SCL (pin 5), and 3V3 (pin 1) and GND (pin 6)");
        Assert.Contains("[FAIL] MPR121 at 0x5A did not answer", report.ToString());
        Assert.Contains("Self-test FAILED: 1 problem", report.ToString());
    }

    [Fact]
    public void Disconnected_electrode_names_its_copper_strip()
    {
        _bench.Mpr121.SetElectrode(7, baseline: 0, filtered: 0);
        SelfTestReport report = Run();

        SelfTestLine line = Assert.Single(report.Lines, l => l.Status == SelfTestStatus.Fail);
        Assert.StartsWith("electrode 7 reads 0: column 2 copper strip not connected", line.Text);
        Assert.Contains("MPR121 ELE7", line.Text);
    }

    [Fact]
    public void Electrode_out_of_range_is_reported_by_row()
    {
        _bench.Mpr121.OutOfRange = 1 << 2;
        SelfTestReport report = Run();

        Assert.StartsWith("electrode 2 is out of range: row 3 copper strip not connected", Failures(report));
    }

    [Fact]
    public void Touched_electrode_is_a_warning_to_keep_hands_off()
    {
        _bench.Mpr121.Touch(4, 30);
        SelfTestReport report = Run();

        Assert.True(report.Passed);
        Assert.Contains(report.Lines, l => l.Status == SelfTestStatus.Warning && l.Text.StartsWith("electrode 4 (row 5) reads as touched", StringComparison.Ordinal));
    }

    [Fact]
    public void Strip_that_changed_since_calibration_is_pointed_out()
    {
        var calibration = new PanelCalibration { TouchBaselines = [.. Enumerable.Repeat(600, 12).Select((v, i) => i == 10 ? 300 : v)] };
        SelfTestReport report = SelfTest.Run(_config, _bench, Quick with { Calibration = calibration });

        Assert.Contains(report.Lines, l => l.Status == SelfTestStatus.Warning && l.Text.StartsWith("electrode 10 (column 5) baseline is 600, it was 300 at calibration", StringComparison.Ordinal));
    }

    [Fact]
    public void Stuck_encoder_input_names_its_gpio_and_pin()
    {
        _bench.Gpio.SetHigh(13, false);
        SelfTestReport report = Run();

        Assert.StartsWith("encoder 2 A input stuck low: check GPIO13 (pin 33)", Failures(report));
    }

    [Fact]
    public void Pressed_push_switch_is_reported()
    {
        _bench.Gpio.SetHigh(27, false);
        SelfTestReport report = Run();

        Assert.StartsWith("encoder 4 push switch reads pressed: if you are not pressing it, GPIO27 (pin 13) is shorted to GND", Failures(report));
    }

    [Fact]
    public void Missing_pull_ups_are_explained()
    {
        _bench.Gpio.SupportsPullUp = false;
        for (int line = 0; line < 28; line++)
        {
            _bench.Gpio.SetHigh(line, true); // external resistors fitted
        }

        SelfTestReport report = Run();
        Assert.Contains(report.Lines, l => l.Status == SelfTestStatus.Warning && l.Text.Contains("10 kOhm", StringComparison.Ordinal));
    }

    [Fact]
    public void Mcp3008_with_nothing_on_miso_names_the_spi_wires()
    {
        _bench.Spi!.Present = false;
        SelfTestReport report = Run();

        string failure = Assert.Single(report.Lines, l => l.Status == SelfTestStatus.Fail).Text;
        Assert.StartsWith("MCP3008 on SPI 0.0 returned invalid data", failure);
        Assert.Contains("MISO (header pin 21) to DOUT (chip pin 12)", failure);
    }

    [Fact]
    public void Mcp3008_reading_zero_everywhere_points_at_power_and_miso()
    {
        Array.Clear(_bench.Spi!.Channels);
        SelfTestReport report = Run();

        Assert.StartsWith("MCP3008 on SPI 0.0 reads 0 on all 8 channels", Failures(report));
    }

    [Fact]
    public void Floating_knob_wiper_is_found()
    {
        _bench.Spi!.FloatingChannel = 3;
        SelfTestReport report = Run();

        Assert.StartsWith("knob Sustain (RV4, MCP3008 CH3) jumps between", Failures(report));
        Assert.EndsWith("its wiper (middle leg) is not connected to CH3", Failures(report));
    }

    [Fact]
    public void Knob_at_an_end_stop_is_only_a_warning()
    {
        _bench.Spi!.Channels[5] = 0;
        SelfTestReport report = Run();

        Assert.True(report.Passed);
        Assert.Contains(report.Lines, l => l.Status == SelfTestStatus.Warning && l.Text.StartsWith("knob Volume (RV6, MCP3008 CH5) reads 0: if it is not turned fully counter-clockwise", StringComparison.Ordinal));
    }

    [Fact]
    public void Missing_second_ads1115_names_its_address_pin_and_knobs()
    {
        _bench.I2c[0x48] = new FakeAds1115(0x48);
        SelfTestReport report = Run(_config with { KnobAdc = KnobAdcKind.Ads1115, Ads1115Addresses = [0x48, 0x49] });

        string failure = Assert.Single(report.Lines, l => l.Status == SelfTestStatus.Fail).Text;
        Assert.StartsWith("ADS1115 at 0x49 did not answer on I2C bus 1", failure);
        Assert.Contains("ADDR pin must go to VDD", failure);
        Assert.EndsWith("it reads knobs Release, Volume", failure);
    }

    [Fact]
    public void Missing_oled_is_reported_with_its_wires()
    {
        _bench.I2c.Remove(0x3C);
        SelfTestReport report = Run();

        Assert.StartsWith("SSD1306 OLED at 0x3C did not answer on I2C bus 1: check SDA (header pin 3)", Failures(report));
    }

    [Fact]
    public void Oled_shows_the_self_test_and_its_result()
    {
        _bench.I2c.Remove(0x5A);
        Run();

        var expected = new MonoFramebuffer();
        MessageView.Render(expected, "Self-test: 1 problem",
            "MPR121 at 0x5A did not answer on I2C bus 1: check SDA (header pin 3) and SCL (pin 5), and 3V3 (pin 1) and GND (pin 6)");
        Assert.True(_bench.Oled.Pixel(2, 1, 0) == expected.GetPixel(2, 1));
        for (int y = 0; y < 64; y++)
        {
            for (int x = 0; x < 128; x++)
            {
                Assert.Equal(expected.GetPixel(x, y), _bench.Oled.Pixel(x, y, firstColumn: 0));
            }
        }
    }

    [Fact]
    public void I2c_bus_not_enabled_says_how_to_enable_it_once()
    {
        _bench.I2cBusMissing = true;
        SelfTestReport report = Run();

        SelfTestLine line = Assert.Single(report.Lines, l => l.Status == SelfTestStatus.Fail);
        Assert.Contains("dtparam=i2c_arm=on", line.Text);
    }

    [Fact]
    public void Trill_square_is_probed_instead_of_the_mpr121()
    {
        _bench.I2c[0x28] = new FakeTrillSquare();
        SelfTestReport report = Run(_config with { TouchSensor = TouchSensorKind.TrillSquare });

        Assert.True(report.Passed, report.ToString());
        Assert.Contains(report.Lines, l => l.Text.StartsWith("Trill Square at 0x28 answered on I2C bus 1", StringComparison.Ordinal));
    }

    [Fact]
    public void Grounded_mcp3008_inputs_prove_the_spi_wiring()
    {
        SelfTestReport report = Run();

        Assert.Contains(report.Lines, l => l.Text == "MCP3008 on SPI 0.0 answered: CH6 and CH7 read 0 (tied to GND), so SPI and chip select are wired right");
    }

    [Fact]
    public void Mcp3008_input_that_should_be_grounded_names_its_chip_pin()
    {
        _bench.Spi!.Channels[6] = 517;
        SelfTestReport report = Run();

        Assert.StartsWith("MCP3008 on SPI 0.0 CH6 reads 517, expected 0: chip pin 7 must go to GND (it proves the SPI wiring)", Failures(report));
    }

    [Fact]
    public void Mcp3008_answering_all_ones_fails_on_the_grounded_inputs()
    {
        for (int ch = 0; ch < 8; ch++)
        {
            _bench.Spi!.Channels[ch] = 1023; // MISO stuck high
        }

        SelfTestReport report = Run();

        Assert.False(report.Passed);
        Assert.Contains("CH7 reads 1023, expected 0", Failures(report));
    }

    [Fact]
    public void One_ads1115_reads_four_knobs_and_says_which_two_it_cannot()
    {
        _bench.I2c[0x48] = new FakeAds1115(0x48);
        SelfTestReport report = Run(_config.WithKnobAdc(KnobAdcKind.Ads1115));

        Assert.True(report.Passed, report.ToString());
        Assert.Contains(report.Lines, l => l.Status == SelfTestStatus.Warning && l.Text.StartsWith("Release and Volume not read: 1 ADS1115 has 4 inputs", StringComparison.Ordinal));
        Assert.Contains(report.Lines, l => l.Text.StartsWith("knob Sustain (RV4, ADS1115 at 0x48 AIN3) reads", StringComparison.Ordinal));
        Assert.DoesNotContain(report.Lines, l => l.Text.Contains("0x49", StringComparison.Ordinal));
    }
}
