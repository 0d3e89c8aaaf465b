using System.Device.I2c;
using System.Device.Spi;

namespace NSynthBox.Hardware;

/// <summary>Blocking reads of single knobs for the self-test and calibration (the poll loop uses <see cref="IKnobSource"/>).</summary>
internal sealed class KnobAdcReader : IDisposable
{
    private readonly PanelConfig _config;
    private readonly SpiDevice? _spi;
    private readonly Mcp3008? _mcp;
    private readonly I2cDevice?[] _i2c;
    private readonly Ads1115?[] _ads;

    /// <exception cref="BusNotFoundException">The SPI or I2C bus is not enabled.</exception>
    public KnobAdcReader(PanelConfig config, IBusFactory buses)
    {
        _config = config;
        _i2c = new I2cDevice?[config.Ads1115Addresses.Count];
        _ads = new Ads1115?[config.Ads1115Addresses.Count];
        if (config.KnobAdc == KnobAdcKind.Mcp3008)
        {
            _spi = buses.OpenSpi(config.SpiBus, config.Mcp3008ChipSelect, config.Mcp3008ClockHz);
            _mcp = new Mcp3008(_spi);
        }
        else if (config.KnobAdc == KnobAdcKind.Ads1115)
        {
            foreach (int chip in config.Knobs.Select(k => k.Channel / Ads1115.InputCount).Distinct())
            {
                _i2c[chip] = buses.OpenI2c(config.I2cBus, config.Ads1115Addresses[chip]);
                _ads[chip] = new Ads1115(_i2c[chip]!, Ads1115DataRate.Sps860);
            }
        }
    }

    public int FullScale => _config.KnobAdc == KnobAdcKind.Ads1115 ? Ads1115.FullScale3V3 : Mcp3008.MaxValue;

    public Mcp3008? Mcp3008 => _mcp;

    /// <summary>The ADS1115 that reads a channel (channels 0..3 on the first, 4..7 on the second).</summary>
    public Ads1115? Ads1115For(int channel) => _ads[channel / Ads1115.InputCount];

    /// <summary>One raw reading of a knob.</summary>
    public int Read(KnobInput knob)
    {
        if (_mcp is not null)
        {
            return _mcp.Read(knob.Channel);
        }

        Ads1115 ads = Ads1115For(knob.Channel) ?? throw new InvalidOperationException("No ADC configured for knobs.");
        try
        {
            return ads.ReadSingleEnded(knob.Channel % Ads1115.InputCount);
        }
        catch (IOException e) when (e is not ChipException)
        {
            throw Ads1115KnobSource.NotAnswering(ads, e);
        }
    }

    public void Dispose()
    {
        _spi?.Dispose();
        foreach (I2cDevice? device in _i2c)
        {
            device?.Dispose();
        }
    }
}
