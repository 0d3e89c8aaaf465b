using System.Device.Gpio;
using System.Device.I2c;
using System.Device.Spi;

namespace NSynthBox.Hardware;

/// <summary>
/// Opens the buses the panel's chips sit on. <see cref="LinuxBusFactory"/> opens the real ones;
/// tests pass factories that hand out register-level fakes of the chips.
/// </summary>
public interface IBusFactory
{
    /// <exception cref="BusNotFoundException">The I2C bus is not enabled.</exception>
    I2cDevice OpenI2c(int bus, int address);

    /// <exception cref="BusNotFoundException">The SPI bus is not enabled.</exception>
    SpiDevice OpenSpi(int bus, int chipSelect, int clockHz);

    /// <summary>A controller on the header's GPIO chip, with an explicitly chosen driver.</summary>
    /// <exception cref="BusNotFoundException">The GPIO chip or libgpiod is missing.</exception>
    GpioController OpenGpio();
}
