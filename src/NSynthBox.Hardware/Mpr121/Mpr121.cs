using System.Device.I2c;

namespace NSynthBox.Hardware;

/// <summary>
/// NXP MPR121 12-electrode capacitive touch controller on I2C (default address 0x5A).
/// Registers other than ECR and GPIO can only be written in stop mode (ECR = 0), so
/// <see cref="Initialize"/> resets the chip, stops it, configures it and only then starts it.
/// </summary>
public sealed class Mpr121
{
    public const int DefaultAddress = 0x5A;
    public const int ElectrodeCount = 12;
    /// <summary>What CONFIG2 (0x5D) reads after a reset: the chip's signature for the self-test.</summary>
    public const byte Config2ResetValue = 0x24;
    /// <summary>Largest value of the 10-bit filtered data and baselines.</summary>
    public const int MaxValue = 1023;

    private const byte SoftResetCommand = 0x63;
    // Filtered data of ELE0..ELE11 and ELEPROX (26 bytes), then the 12 electrode baselines: one transfer.
    private const int SignalBytes = 2 * (ElectrodeCount + 1) + ElectrodeCount;

    private readonly I2cDevice _device;
    private readonly byte[] _signalBuffer = new byte[SignalBytes];

    public Mpr121(I2cDevice device)
    {
        ArgumentNullException.ThrowIfNull(device);
        _device = device;
    }

    /// <summary>Touch threshold written to every electrode (counts of baseline - filtered).</summary>
    public byte TouchThreshold { get; init; } = 12;

    /// <summary>Release threshold written to every electrode; below the touch threshold for hysteresis.</summary>
    public byte ReleaseThreshold { get; init; } = 6;

    /// <summary>Supply voltage, for the auto-configuration limits.</summary>
    public double SupplyVolts { get; init; } = 3.3;

    public int Address => _device.ConnectionSettings.DeviceAddress;

    /// <summary>"MPR121 at 0x5A".</summary>
    public string Name => "MPR121 at " + Hex.Address(Address);

    /// <summary>Soft reset, check the chip's identity, configure in stop mode, then run all 12 electrodes.</summary>
    /// <exception cref="IOException">The chip did not answer (NACK).</exception>
    /// <exception cref="ChipException">Something answered that is not an MPR121.</exception>
    public void Initialize()
    {
        Write(Mpr121Register.SoftReset, SoftResetCommand);
        byte config2 = Read(Mpr121Register.Config2);
        if (config2 != Config2ResetValue)
        {
            throw new ChipException(Name,
                $"{Name}: a device answered but CONFIG2 (0x5D) reads {Hex.Byte(config2)} after reset instead of {Hex.Byte(Config2ResetValue)}: it is not an MPR121, or another chip uses the same address");
        }

        Write(Mpr121Register.ElectrodeConfig, 0x00); // stop mode: configuration registers become writable

        // Baseline filter: follow slow rises quickly, falls (a finger) slowly, freeze while touched.
        Write(Mpr121Register.MaxHalfDeltaRising, 0x01);
        Write(Mpr121Register.NoiseHalfDeltaRising, 0x01);
        Write(Mpr121Register.NoiseCountLimitRising, 0x0E);
        Write(Mpr121Register.FilterDelayCountRising, 0x00);
        Write(Mpr121Register.MaxHalfDeltaFalling, 0x01);
        Write(Mpr121Register.NoiseHalfDeltaFalling, 0x05);
        Write(Mpr121Register.NoiseCountLimitFalling, 0x01);
        Write(Mpr121Register.FilterDelayCountFalling, 0x00);
        Write(Mpr121Register.NoiseHalfDeltaTouched, 0x00);
        Write(Mpr121Register.NoiseCountLimitTouched, 0x00);
        Write(Mpr121Register.FilterDelayCountTouched, 0x00);

        for (int electrode = 0; electrode < ElectrodeCount; electrode++)
        {
            Write((Mpr121Register)((int)Mpr121Register.TouchThreshold0 + 2 * electrode), TouchThreshold);
            Write((Mpr121Register)((int)Mpr121Register.ReleaseThreshold0 + 2 * electrode), ReleaseThreshold);
        }

        Write(Mpr121Register.Debounce, 0x00);
        Write(Mpr121Register.Config1, 0x10);  // 6 first-filter samples, 16 uA (auto-config overrides per electrode)
        Write(Mpr121Register.Config2, 0x20);  // 0.5 us charge time, 4 second-filter samples, 1 ms period

        // Auto-configuration: find each electrode's charge current and time from its real capacitance.
        // Limits from the datasheet / AN3889: USL = (Vdd - 0.7) / Vdd * 256, target 90 %, low 65 %.
        int upper = (int)((SupplyVolts - 0.7) / SupplyVolts * 256);
        Write(Mpr121Register.UpSideLimit, (byte)upper);
        Write(Mpr121Register.TargetLevel, (byte)(upper * 9 / 10));
        Write(Mpr121Register.LowSideLimit, (byte)(upper * 65 / 100));
        Write(Mpr121Register.AutoConfig0, 0x0B); // baseline from auto-config (BVA=10), auto-reconfig, auto-config on

        // Run mode: CL=10 (baseline starts from the first 5 bits of the data), proximity off, ELE0..ELE11.
        Write(Mpr121Register.ElectrodeConfig, (byte)(0x80 | ElectrodeCount));
    }

    /// <summary>
    /// Filtered data (10 bits) and baselines (8 high bits, shifted left by 2) of the 12 electrodes,
    /// read in one transfer.
    /// </summary>
    /// <exception cref="ChipException">A filtered value has bits set above bit 9 (the bus returned garbage).</exception>
    public void ReadSignals(Span<ushort> filtered, Span<ushort> baselines)
    {
        if (filtered.Length < ElectrodeCount || baselines.Length < ElectrodeCount)
        {
            throw new ArgumentException("Need room for 12 electrodes.");
        }

        _device.ReadRegisters((byte)Mpr121Register.FilteredData0, _signalBuffer);
        for (int e = 0; e < ElectrodeCount; e++)
        {
            byte low = _signalBuffer[2 * e];
            byte high = _signalBuffer[2 * e + 1];
            if ((high & 0xFC) != 0)
            {
                throw Garbage(e, (high << 8) | low);
            }

            filtered[e] = (ushort)(((high & 0x03) << 8) | low);
            baselines[e] = (ushort)(_signalBuffer[2 * (ElectrodeCount + 1) + e] << 2);
        }
    }

    /// <summary>Filtered data of the 12 electrodes (10 bits each).</summary>
    public void ReadFilteredData(Span<ushort> filtered)
    {
        Span<ushort> baselines = stackalloc ushort[ElectrodeCount];
        ReadSignals(filtered, baselines);
    }

    /// <summary>Baselines of the 12 electrodes, scaled to the filtered data's 10 bits (register value &lt;&lt; 2).</summary>
    public void ReadBaselines(Span<ushort> baselines)
    {
        Span<ushort> filtered = stackalloc ushort[ElectrodeCount];
        ReadSignals(filtered, baselines);
    }

    /// <summary>Bit n = electrode n touched (by the chip's own thresholds); bit 15 = over-current.</summary>
    public ushort ReadTouchStatus() => ReadWord(Mpr121Register.TouchStatus0);

    /// <summary>Bit n = electrode n out of range (auto-configuration failed: open or shorted electrode).</summary>
    public ushort ReadOutOfRangeStatus() => ReadWord(Mpr121Register.OutOfRangeStatus0);

    public byte Read(Mpr121Register register) => _device.ReadRegister((byte)register);

    private void Write(Mpr121Register register, byte value) => _device.WriteRegister((byte)register, value);

    private ushort ReadWord(Mpr121Register register)
    {
        Span<byte> bytes = stackalloc byte[2];
        _device.ReadRegisters((byte)register, bytes);
        return (ushort)(bytes[0] | (bytes[1] << 8));
    }

    private ChipException Garbage(int electrode, int value) =>
        new(Name, $"{Name} returned invalid data (electrode {electrode} filtered value {value} is more than 10 bits): noise on SDA/SCL or a loose wire");
}
