using System.Device.I2c;

namespace NSynthBox.Hardware;

/// <summary>
/// TI ADS1115 16-bit ADC on I2C (0x48 with ADDR to GND, 0x49 to VDD, 0x4A to SDA, 0x4B to SCL).
/// It has only four inputs (AIN0..AIN3), so six knobs need two of them. Conversions are
/// single-shot, single-ended (AINx against GND), full-scale range +/-4.096 V so a 3.3 V knob
/// reaches <see cref="FullScale3V3"/>.
/// </summary>
public sealed class Ads1115
{
    public const int DefaultAddress = 0x48;
    public const int InputCount = 4;
    /// <summary>Reading of 3.3 V at the +/-4.096 V range: 32767 * 3.3 / 4.096.</summary>
    public const int FullScale3V3 = 26399;

    private const ushort StartSingleShot = 0x8000;  // OS = 1
    private const ushort SingleEndedAin0 = 0x4000;  // MUX = 100 (AIN0 vs GND); +channel << 12
    private const ushort Range4V096 = 0x0200;       // PGA = 001
    private const ushort SingleShotMode = 0x0100;   // MODE = 1
    private const ushort ComparatorOff = 0x0003;    // COMP_QUE = 11

    private readonly I2cDevice _device;
    private readonly byte[] _write = new byte[3];
    private readonly byte[] _pointer = new byte[1];
    private readonly byte[] _read = new byte[2];

    public Ads1115(I2cDevice device, Ads1115DataRate dataRate = Ads1115DataRate.Sps860)
    {
        ArgumentNullException.ThrowIfNull(device);
        _device = device;
        DataRate = dataRate;
    }

    public Ads1115DataRate DataRate { get; }

    public int Address => _device.ConnectionSettings.DeviceAddress;

    public string Name => "ADS1115 at " + Hex.Address(Address);

    /// <summary>The config word that starts a single-shot conversion of AIN<paramref name="input"/> against GND.</summary>
    public ushort ConfigFor(int input) =>
        (ushort)(StartSingleShot | SingleEndedAin0 | (input << 12) | Range4V096 | SingleShotMode | ((int)DataRate << 5) | ComparatorOff);

    /// <summary>Starts a single-shot conversion of one input; read it with <see cref="ReadConversion"/> once <see cref="IsConversionDone"/>.</summary>
    public void StartConversion(int input)
    {
        if ((uint)input >= InputCount)
        {
            throw new ArgumentOutOfRangeException(nameof(input), input, "ADS1115 inputs are AIN0..AIN3.");
        }

        ushort config = ConfigFor(input);
        _write[0] = (byte)Ads1115Register.Config;
        _write[1] = (byte)(config >> 8);
        _write[2] = (byte)config;
        _device.Write(_write);
    }

    /// <summary>OS bit of the config register: 1 = no conversion in progress.</summary>
    public bool IsConversionDone() => (ReadWord(Ads1115Register.Config) & 0x8000) != 0;

    /// <summary>The last conversion; negative readings (input slightly below GND) clamp to 0.</summary>
    public int ReadConversion() => Math.Max(0, (int)(short)ReadWord(Ads1115Register.Conversion));

    /// <summary>Starts a conversion and waits for it (for the self-test and calibration, not the poll loop).</summary>
    public int ReadSingleEnded(int input)
    {
        StartConversion(input);
        long deadline = Environment.TickCount64 + 100;
        while (!IsConversionDone())
        {
            if (Environment.TickCount64 > deadline)
            {
                throw new ChipException(Name, $"{Name} never finished a conversion of AIN{input}");
            }

            Thread.Sleep(1);
        }

        return ReadConversion();
    }

    private ushort ReadWord(Ads1115Register register)
    {
        _pointer[0] = (byte)register;
        _device.WriteRead(_pointer, _read);
        return (ushort)((_read[0] << 8) | _read[1]);
    }
}
