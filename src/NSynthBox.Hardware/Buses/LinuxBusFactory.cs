using System.Device.Gpio;
using System.Device.Gpio.Drivers;
using System.Device.I2c;
using System.Device.Spi;
using System.Runtime.InteropServices;

namespace NSynthBox.Hardware;

/// <summary>
/// The real buses: /dev/i2c-N, /dev/spidevB.C and the header's /dev/gpiochipN through libgpiod.
/// The GPIO driver and chip are always chosen here, never by System.Device.Gpio's board
/// detection (which picks the wrong chip or driver on some Pi 5 / OS combinations).
/// </summary>
public sealed class LinuxBusFactory : IBusFactory
{
    private readonly PanelConfig _config;

    public LinuxBusFactory(PanelConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        _config = config;
    }

    private bool IsJetson => _config.Board.StartsWith("jetson", StringComparison.Ordinal);

    public I2cDevice OpenI2c(int bus, int address)
    {
        string path = $"/dev/i2c-{bus}";
        if (!File.Exists(path))
        {
            throw new BusNotFoundException(IsJetson
                ? $"I2C bus {bus} is missing ({path}): check the JetPack install, the header's I2C (pins 3 and 5) is i2c-7 on an Orin Nano"
                : $"I2C bus {bus} is not enabled ({path} missing): add dtparam=i2c_arm=on to /boot/firmware/config.txt (or raspi-config > Interface Options > I2C) and reboot");
        }

        return I2cDevice.Create(new I2cConnectionSettings(bus, address));
    }

    public SpiDevice OpenSpi(int bus, int chipSelect, int clockHz)
    {
        string path = $"/dev/spidev{bus}.{chipSelect}";
        if (!File.Exists(path))
        {
            throw new BusNotFoundException(IsJetson
                ? $"SPI bus {bus} is not enabled ({path} missing): enable SPI1 on the 40-pin header with sudo /opt/nvidia/jetson-io/jetson-io.py, reboot, and load spidev (sudo modprobe spidev)"
                : $"SPI bus {bus} is not enabled ({path} missing): add dtparam=spi=on to /boot/firmware/config.txt (or raspi-config > Interface Options > SPI) and reboot");
        }

        return SpiDevice.Create(new SpiConnectionSettings(bus, chipSelect) { ClockFrequency = clockHz, Mode = SpiMode.Mode0 });
    }

    public GpioController OpenGpio()
    {
        bool v2 = UseV2(_config.GpioDriver);
        int chip = ChooseChip(_config, n => File.Exists($"/dev/gpiochip{n}"), LabelReader(v2));
        try
        {
            GpioDriver driver = v2 ? new LibGpiodV2Driver(chip) : new LibGpiodDriver(chip);
            return new GpioController(driver);
        }
        catch (Exception e) when (e is DllNotFoundException or PlatformNotSupportedException or IOException or InvalidOperationException or ExternalException)
        {
            throw new BusNotFoundException(
                $"Could not open /dev/gpiochip{chip} with libgpiod {(v2 ? "2 (libgpiod.so.3)" : "1 (libgpiod.so.2)")}: install it (sudo apt install {(v2 ? "libgpiod3" : "libgpiod2")}) and check the user is in the gpio group ({e.Message})",
                e);
        }
    }

    /// <summary>
    /// The header's GPIO chip: the configured chip if its label matches the expected one, else the
    /// fallback if its label matches; when labels cannot be read, the first of the two that exists.
    /// </summary>
    internal static int ChooseChip(PanelConfig config, Func<int, bool> exists, Func<int, string?> labelOf)
    {
        int[] candidates = config.GpioChipFallback is int fallback ? [config.GpioChip, fallback] : [config.GpioChip];
        if (config.GpioChipLabel is string expected)
        {
            foreach (int chip in candidates)
            {
                if (exists(chip) && labelOf(chip) == expected)
                {
                    return chip;
                }
            }
        }

        foreach (int chip in candidates)
        {
            if (exists(chip))
            {
                return chip;
            }
        }

        throw new BusNotFoundException($"No GPIO chip found (/dev/gpiochip{string.Join(" or /dev/gpiochip", candidates)} missing) for board {config.Board}");
    }

    /// <summary>libgpiod 2 when chosen, or in Auto mode when libgpiod.so.3 can be loaded.</summary>
    internal static bool UseV2(GpioDriverKind kind) => kind switch
    {
        GpioDriverKind.LibGpiodV2 => true,
        GpioDriverKind.LibGpiodV1 => false,
        _ => CanLoad("libgpiod.so.3"),
    };

    private static bool CanLoad(string library)
    {
        if (NativeLibrary.TryLoad(library, out IntPtr handle))
        {
            NativeLibrary.Free(handle);
            return true;
        }

        return false;
    }

    private static Func<int, string?> LabelReader(bool v2) => chip =>
    {
        try
        {
            IList<GpioChipInfo> chips = v2 ? LibGpiodV2Driver.GetAvailableChips() : LibGpiodDriver.GetAvailableChips();
            return chips.FirstOrDefault(c => c.Id == chip)?.Label;
        }
        catch (Exception e) when (e is DllNotFoundException or PlatformNotSupportedException or IOException or InvalidOperationException or ExternalException)
        {
            return null;
        }
    };
}
