using NSynthBox.Engine;

namespace NSynthBox.Hardware.Tests;

public class PanelConfigTests
{
    [Fact]
    public void Default_pi_config_is_built_from_the_pin_map()
    {
        PanelConfig pi = TestConfig.Pi4;

        Assert.Equal("pi4", pi.Board);
        Assert.Equal(1, pi.I2cBus);
        Assert.Equal(0, pi.SpiBus);
        Assert.Equal(0, pi.GpioChip);
        Assert.Equal("pinctrl-bcm2711", pi.GpioChipLabel);
        Assert.Equal(new PinRef(2, 3, "GPIO2"), pi.Sda);
        Assert.Equal(new PinRef(3, 5, "GPIO3"), pi.Scl);
        Assert.Equal(21, pi.Miso.HeaderPin);
        Assert.Equal(0x5A, pi.Mpr121Address);
        Assert.Equal(0x3C, pi.DisplayAddress);
        Assert.Equal([0x48], pi.Ads1115Addresses); // one ADS1115, as BOM.csv and BUILD.md have it
        Assert.Equal(TouchSensorKind.Mpr121, pi.TouchSensor);
        Assert.Equal([0, 1, 2, 3, 4, 5], pi.RowElectrodes);
        Assert.Equal([6, 7, 8, 9, 10, 11], pi.ColumnElectrodes);
        Assert.Equal(1_000_000, pi.Mcp3008ClockHz);
        Assert.Equal([Knob.Position, Knob.Attack, Knob.Decay, Knob.Sustain, Knob.Release, Knob.Volume], pi.Knobs.Select(k => k.Knob));
        Assert.Equal([0, 1, 2, 3, 4, 5], pi.Knobs.Select(k => k.Channel));
        Assert.Equal(1, pi.Supply3V3Pin);
        Assert.Equal(6, pi.GroundPin);

        Assert.Equal(4, pi.Encoders.Count);
        EncoderPins topRight = pi.Encoders[1];
        Assert.Equal(1, topRight.Corner);
        Assert.Equal("ENC2", topRight.Reference);
        Assert.Equal("GPIO13 (pin 33)", topRight.A.ToString());
        Assert.Equal(13, topRight.A.Line);
        Assert.Equal(new PinRef(16, 36, "GPIO16"), topRight.B);
        Assert.Equal(new PinRef(17, 11, "GPIO17"), topRight.Push);
        Assert.Equal(new PinRef(4, 7, "GPIO4"), pi.TouchIrq);
    }

    [Fact]
    public void Pi5_falls_back_to_gpiochip4_when_gpiochip0_is_not_the_header()
    {
        PanelConfig pi5 = PanelConfig.Load(TestConfig.PinMapPath, "pi5");
        Assert.Equal(4, pi5.GpioChipFallback);
        Assert.Equal("pinctrl-rp1", pi5.GpioChipLabel);

        // Kernel >= 6.6.45: the RP1 is gpiochip0.
        Assert.Equal(0, LinuxBusFactory.ChooseChip(pi5, _ => true, n => n == 0 ? "pinctrl-rp1" : null));
        // Older kernels: gpiochip0 is the SoC's own GPIO, the header is gpiochip4.
        Assert.Equal(4, LinuxBusFactory.ChooseChip(pi5, _ => true, n => n == 0 ? "gpio-brcmstb@107d508500" : "pinctrl-rp1"));
        // Labels unreadable: the first chip that exists.
        Assert.Equal(4, LinuxBusFactory.ChooseChip(pi5, n => n == 4, _ => null));
        Assert.Throws<BusNotFoundException>(() => LinuxBusFactory.ChooseChip(pi5, _ => false, _ => null));
    }

    [Fact]
    public void Jetson_lines_come_from_its_header_pin_table_not_bcm_numbers()
    {
        PanelConfig jetson = PanelConfig.Load(TestConfig.PinMapPath, "jetson-orin-nano");

        Assert.Equal(7, jetson.I2cBus);
        Assert.Equal("tegra234-gpio", jetson.GpioChipLabel);
        EncoderPins first = jetson.Encoders[0];
        Assert.Equal(new PinRef(105, 29, "PQ.05"), first.A);      // BCM 5 on a Pi
        Assert.Equal(new PinRef(106, 31, "PQ.06"), first.B);      // BCM 6
        Assert.Equal(new PinRef(41, 32, "PG.06"), first.Push);    // BCM 12
        Assert.Equal(43, jetson.Encoders[1].A.Line);              // header pin 33, GPIO13 on a Pi
        Assert.Equal(144, jetson.TouchIrq!.Line);                 // header pin 7
        Assert.All(jetson.Encoders.SelectMany(e => new[] { e.A, e.B, e.Push }), p => Assert.True(p.Line >= 0));
    }

    [Fact]
    public void Every_board_in_the_pin_map_loads()
    {
        string json = File.ReadAllText(TestConfig.PinMapPath);
        Assert.Contains("pi4", PanelConfig.BoardNames(json));
        foreach (string board in PanelConfig.BoardNames(json))
        {
            PanelConfig config = PanelConfig.Parse(json, board);
            Assert.Equal(6, config.Knobs.Count);
            Assert.Equal(4, config.Encoders.Count);
        }
    }

    [Fact]
    public void Unknown_board_names_the_known_ones()
    {
        var e = Assert.Throws<ArgumentException>(() => PanelConfig.Load(TestConfig.PinMapPath, "pi3"));
        Assert.Contains("pi4", e.Message);
        Assert.Contains("jetson-orin-nano", e.Message);
    }

    [Fact]
    public void Built_in_pin_map_is_the_repository_file()
    {
        Assert.Equal(File.ReadAllText(TestConfig.PinMapPath), PanelConfig.EmbeddedPinMap());
        Assert.Equal(TestConfig.Pi4.Encoders, PanelConfig.Default("pi4").Encoders);
        Assert.Equal(TestConfig.Pi4.Knobs, PanelConfig.Default("pi4").Knobs);
    }

    [Theory]
    [InlineData("Raspberry Pi 5 Model B Rev 1.0\0", "pi5")]
    [InlineData("Raspberry Pi 4 Model B Rev 1.5\0", "pi4")]
    [InlineData("NVIDIA Jetson Orin Nano Engineering Reference Developer Kit Super\0", "jetson-orin-nano")]
    [InlineData("Raspberry Pi 3 Model B Rev 1.2\0", null)]
    public void Board_is_detected_from_the_device_tree_model(string model, string? board)
    {
        string path = Path.GetTempFileName();
        try
        {
            File.WriteAllText(path, model);
            Assert.Equal(board, PanelConfig.DetectBoard(path));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Auto_driver_choice_is_explicit()
    {
        Assert.True(LinuxBusFactory.UseV2(GpioDriverKind.LibGpiodV2));
        Assert.False(LinuxBusFactory.UseV2(GpioDriverKind.LibGpiodV1));
    }
}

public class LinuxBusFactoryTests
{
    private readonly LinuxBusFactory _buses = new(TestConfig.Pi4);

    [Fact]
    public void Missing_i2c_bus_says_how_to_enable_it()
    {
        var e = Assert.Throws<BusNotFoundException>(() => _buses.OpenI2c(97, 0x5A));
        Assert.Contains("/dev/i2c-97", e.Message);
        Assert.Contains("dtparam=i2c_arm=on", e.Message);
    }

    [Fact]
    public void Missing_spi_bus_says_how_to_enable_it()
    {
        var e = Assert.Throws<BusNotFoundException>(() => _buses.OpenSpi(97, 0, 1_000_000));
        Assert.Contains("/dev/spidev97.0", e.Message);
        Assert.Contains("dtparam=spi=on", e.Message);
    }

    [Fact]
    public void Jetson_spi_advice_points_at_jetson_io()
    {
        var jetson = new LinuxBusFactory(PanelConfig.Load(TestConfig.PinMapPath, "jetson-orin-nano"));
        var e = Assert.Throws<BusNotFoundException>(() => jetson.OpenSpi(97, 0, 1_000_000));
        Assert.Contains("jetson-io", e.Message);
    }
}
