using System.Device.Gpio;
using System.Device.I2c;
using System.Device.Spi;

namespace NSynthBox.Hardware.Tests.Fakes;

/// <summary>
/// A bench of fake chips keyed by address: what is not fitted NACKs like a missing chip. The
/// default bench is the reference build: MPR121 0x5A, SSD1306 0x3C, MCP3008 on SPI 0.0 and the
/// encoders on GPIO, all idle, CH6/CH7 at 0.
/// </summary>
internal sealed class FakeBusFactory : IBusFactory
{
    public Dictionary<int, FakeI2cChip> I2c { get; } = [];

    public FakeMcp3008? Spi { get; set; } = new();

    public FakeGpioDriver Gpio { get; } = new();

    public bool I2cBusMissing { get; set; }

    public bool SpiBusMissing { get; set; }

    public bool GpioMissing { get; set; }

    public FakeMpr121 Mpr121 => (FakeMpr121)I2c[0x5A];

    public FakeOled Oled => (FakeOled)I2c[0x3C];

    public static FakeBusFactory ReferenceBuild()
    {
        var bench = new FakeBusFactory();
        bench.I2c[0x5A] = new FakeMpr121();
        bench.I2c[0x3C] = new FakeOled();
        for (int ch = 0; ch < 6; ch++)
        {
            bench.Spi!.Channels[ch] = 512;
        }

        // CH6 and CH7 are tied to GND on the carrier (BUILD.md section 4).

        return bench;
    }

    public I2cDevice OpenI2c(int bus, int address)
    {
        if (I2cBusMissing)
        {
            throw new BusNotFoundException($"I2C bus {bus} is not enabled (/dev/i2c-{bus} missing): add dtparam=i2c_arm=on to /boot/firmware/config.txt");
        }

        return I2c.TryGetValue(address, out FakeI2cChip? chip) ? chip : new AbsentI2cChip(address, bus).Init();
    }

    public SpiDevice OpenSpi(int bus, int chipSelect, int clockHz)
    {
        if (SpiBusMissing)
        {
            throw new BusNotFoundException($"SPI bus {bus} is not enabled (/dev/spidev{bus}.{chipSelect} missing): add dtparam=spi=on");
        }

        return Spi ?? new FakeMcp3008(bus, chipSelect) { Present = false };
    }

    public GpioController OpenGpio()
    {
        if (GpioMissing)
        {
            throw new BusNotFoundException("No GPIO chip found (/dev/gpiochip0 missing)");
        }

        return new GpioController(Gpio);
    }
}
