namespace NSynthBox.Hardware.Tests.Fakes;

/// <summary>
/// Register-level MPR121: reset values, an address pointer that auto-increments, configuration
/// registers that ignore writes outside stop mode (as the datasheet says), and electrode data
/// the test sets (filtered and baseline, 10-bit).
/// </summary>
internal sealed class FakeMpr121 : FakeI2cChip
{
    private const int Ecr = 0x5E;
    private readonly byte[] _registers = new byte[256];
    private int _pointer;

    public FakeMpr121(int address = 0x5A)
        : base(address)
    {
        Reset();
        for (int e = 0; e < 12; e++)
        {
            SetElectrode(e, baseline: 600, filtered: 600);
        }
    }

    public ushort[] Filtered { get; } = new ushort[13];

    public ushort[] Baseline { get; } = new ushort[13];

    public ushort OutOfRange { get; set; }

    /// <summary>Answer every read with 0xFF bytes (noise on the bus).</summary>
    public bool Garbage { get; set; }

    public int SoftResets { get; private set; }

    /// <summary>Configuration writes the real chip would have ignored because it was running.</summary>
    public int WritesIgnoredInRunMode { get; private set; }

    /// <summary>Configuration registers written while in stop mode, in order.</summary>
    public List<int> ConfiguredInStopMode { get; } = [];

    public byte this[int register] => _registers[register];

    public byte this[Mpr121Register register] => _registers[(int)register];

    public void SetElectrode(int electrode, int baseline, int filtered)
    {
        Baseline[electrode] = (ushort)baseline;
        Filtered[electrode] = (ushort)filtered;
    }

    /// <summary>A finger: lowers the filtered value of an electrode by <paramref name="signal"/> counts below its baseline.</summary>
    public void Touch(int electrode, int signal) => Filtered[electrode] = (ushort)(Baseline[electrode] - signal);

    public void ReleaseAll()
    {
        for (int e = 0; e < 12; e++)
        {
            Filtered[e] = Baseline[e];
        }
    }

    protected override void OnWrite(ReadOnlySpan<byte> data)
    {
        if (data.Length == 0)
        {
            return;
        }

        _pointer = data[0];
        for (int i = 1; i < data.Length; i++)
        {
            WriteRegister(_pointer++, data[i]);
        }
    }

    protected override void OnRead(Span<byte> data)
    {
        for (int i = 0; i < data.Length; i++)
        {
            data[i] = Garbage ? (byte)0xFF : ReadRegister(_pointer++);
        }
    }

    private void WriteRegister(int register, byte value)
    {
        if (register == 0x80)
        {
            if (value == 0x63)
            {
                SoftResets++;
                Reset();
            }

            return;
        }

        bool running = (_registers[Ecr] & 0x3F) != 0;
        bool gpio = register is >= 0x73 and <= 0x7A;
        if (register != Ecr && !gpio && register >= 0x2B)
        {
            if (running)
            {
                WritesIgnoredInRunMode++;
                return;
            }

            ConfiguredInStopMode.Add(register);
        }

        _registers[register] = value;
    }

    private byte ReadRegister(int register)
    {
        switch (register)
        {
            case 0x00: return (byte)TouchStatus();
            case 0x01: return (byte)(TouchStatus() >> 8);
            case 0x02: return (byte)OutOfRange;
            case 0x03: return (byte)(OutOfRange >> 8);
            case >= 0x04 and <= 0x1D:
                int e = (register - 0x04) / 2;
                return (register & 1) == 0 ? (byte)Filtered[e] : (byte)(Filtered[e] >> 8);
            case >= 0x1E and <= 0x2A:
                return (byte)(Baseline[register - 0x1E] >> 2);
            default:
                return _registers[register & 0xFF];
        }
    }

    private int TouchStatus()
    {
        int status = 0;
        for (int e = 0; e < 12; e++)
        {
            if (Baseline[e] - Filtered[e] >= _registers[0x41 + 2 * e] && _registers[0x41 + 2 * e] > 0)
            {
                status |= 1 << e;
            }
        }

        return status;
    }

    private void Reset()
    {
        Array.Clear(_registers);
        _registers[0x5C] = 0x10;
        _registers[0x5D] = 0x24;
        ConfiguredInStopMode.Clear();
    }
}
