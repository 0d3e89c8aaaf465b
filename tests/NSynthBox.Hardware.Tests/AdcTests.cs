using NSynthBox.Hardware.Tests.Fakes;

namespace NSynthBox.Hardware.Tests;

public class AdcTests
{
    [Fact]
    public void Mcp3008_reads_a_channel_with_one_three_byte_transfer()
    {
        var spi = new FakeMcp3008();
        spi.Channels[5] = 777;
        var adc = new Mcp3008(spi);

        Assert.Equal(777, adc.Read(5));
        Assert.Equal(1, spi.Transfers);
        Assert.Equal(new byte[] { 0x01, 0x80 | (5 << 4), 0x00 }, spi.LastTransmit);
    }

    [Fact]
    public void Mcp3008_with_nothing_on_miso_is_reported()
    {
        var adc = new Mcp3008(new FakeMcp3008 { Present = false });

        var e = Assert.Throws<ChipException>(() => adc.Read(0));
        Assert.Equal("MCP3008 on SPI 0.0", e.Chip);
    }

    [Fact]
    public void Ads1115_single_shot_config_selects_the_input_range_and_rate()
    {
        var chip = new FakeAds1115();
        var adc = new Ads1115(chip, Ads1115DataRate.Sps860);

        // OS=1, MUX=100 (AIN0/GND), PGA=001 (+/-4.096 V), MODE=1 (single shot), DR=111, comparator off.
        Assert.Equal(0xC3E3, adc.ConfigFor(0));
        Assert.Equal(0xF3E3, adc.ConfigFor(3));
        Assert.Equal(0xC383, new Ads1115(chip, Ads1115DataRate.Sps128).ConfigFor(0));
    }

    [Fact]
    public void Ads1115_waits_for_the_conversion_and_reads_it()
    {
        var chip = new FakeAds1115 { PollsPerConversion = 3 };
        chip.Inputs[2] = 13200;
        var adc = new Ads1115(chip);

        Assert.Equal(13200, adc.ReadSingleEnded(2));
        Assert.Equal(0xE3E3, chip.LastConfig);
        Assert.Equal(1, chip.Conversions);
    }

    [Fact]
    public void Ads1115_below_ground_reads_zero()
    {
        var chip = new FakeAds1115();
        chip.Inputs[0] = -12;
        Assert.Equal(0, new Ads1115(chip).ReadSingleEnded(0));
    }
}
