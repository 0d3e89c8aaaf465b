namespace NSynthBox.HardwarePlans.Tests;

public class PinMapTests
{
    private readonly PinMap pm = PinMap.Load();

    [Fact]
    public void No_gpio_or_header_pin_is_used_twice()
    {
        var gpios = pm.Signals.GroupBy(s => s.Gpio).Where(g => g.Count() > 1).Select(g => $"GPIO{g.Key}: {string.Join(", ", g.Select(s => s.Name))}").ToList();
        Assert.True(gpios.Count == 0, "GPIO used twice: " + string.Join("; ", gpios));
        var pins = pm.Signals.Select(s => (s.Pin, s.Name)).Concat(pm.Power.Select(p => (p.Pin, p.Signal)))
            .GroupBy(p => p.Pin).Where(g => g.Count() > 1).Select(g => $"pin {g.Key}: {string.Join(", ", g.Select(x => x.Item2))}").ToList();
        Assert.True(pins.Count == 0, "header pin used twice: " + string.Join("; ", pins));
    }

    [Fact]
    public void Header_pins_match_the_bcm_numbers()
    {
        foreach (var s in pm.Signals)
        {
            Assert.True(PinMap.BcmToHeaderPin.TryGetValue(s.Gpio, out var pin), $"{s.Name}: GPIO{s.Gpio} is not on the 40-pin header");
            Assert.True(pin == s.Pin, $"{s.Name}: GPIO{s.Gpio} is header pin {pin}, pinmap says {s.Pin}");
        }
    }

    [Fact]
    public void Id_eeprom_pins_are_not_used()
    {
        Assert.DoesNotContain(pm.Signals, s => s.Gpio is 0 or 1);
    }

    [Fact]
    public void Power_pins_are_real_power_pins()
    {
        foreach (var (signal, pin) in pm.Power)
        {
            Assert.True(PinMap.HeaderPowerPins.TryGetValue(pin, out var real) && real == signal, $"pin {pin} is not {signal}");
        }

        Assert.Contains(pm.Power, p => p.Signal == "3V3");
        Assert.Contains(pm.Power, p => p.Signal == "5V");
        Assert.Contains(pm.Power, p => p.Signal == "GND");
    }

    [Fact]
    public void Buses_use_their_hardware_pins()
    {
        // I2C1, SPI0 and PCM/I2S only exist on these lines; UART0 is GPIO14/15
        var byName = pm.Signals.ToDictionary(s => s.Name, s => s.Gpio);
        Assert.Equal(2, byName["I2C_SDA"]);
        Assert.Equal(3, byName["I2C_SCL"]);
        Assert.Equal(10, byName["SPI_MOSI"]);
        Assert.Equal(9, byName["SPI_MISO"]);
        Assert.Equal(11, byName["SPI_SCLK"]);
        Assert.Equal(8, byName["SPI_CE0"]);
        Assert.Equal(18, byName["I2S_BCLK"]);
        Assert.Equal(19, byName["I2S_LRCLK"]);
        Assert.Equal(21, byName["I2S_DOUT"]);
        Assert.Equal(14, byName["MIDI_TX"]);
        Assert.Equal(15, byName["MIDI_RX"]);
    }

    [Fact]
    public void Knob_channels_and_grid_electrodes_are_each_used_once()
    {
        Assert.Equal(pm.Knobs.Count, pm.Knobs.Select(k => k.Channel).Distinct().Count());
        Assert.All(pm.Knobs, k => Assert.InRange(k.Channel, 0, 7));
        Assert.Equal(Enumerable.Range(0, 12), pm.GridRows.Concat(pm.GridColumns).Order());
        Assert.Equal(pm.Knobs.Count, pm.Knobs.Select(k => k.Ref).Distinct().Count());
        Assert.Equal(4, pm.Encoders.Count);
    }

    [Fact]
    public void I2c_addresses_are_distinct()
    {
        Assert.Equal(pm.I2cDevices.Count, pm.I2cDevices.Select(d => d.Address).Distinct().Count());
    }

    [Fact]
    public void Every_pin_map_reference_is_in_the_bom()
    {
        var bom = Bom.AllReferences();
        foreach (var r in pm.AllRefs)
        {
            Assert.True(bom.Contains(r), $"{r} (from pinmap.json) is not in BOM.csv");
        }
    }
}
