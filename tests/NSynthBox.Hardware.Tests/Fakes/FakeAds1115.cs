namespace NSynthBox.Hardware.Tests.Fakes;

/// <summary>
/// ADS1115 registers behind the address pointer: writing the config register with OS = 1 starts
/// a single-shot conversion of the input its MUX selects; OS reads 0 for
/// <see cref="PollsPerConversion"/> config reads, then 1, and the conversion register holds the result.
/// </summary>
internal sealed class FakeAds1115(int address = 0x48) : FakeI2cChip(address)
{
    private readonly ushort[] _registers = [0, 0x8583, 0x8000, 0x7FFF];
    private int _pointer;
    private int _busyReads;
    private int _pendingInput = -1;

    /// <summary>Voltage on AIN0..AIN3 as the 16-bit result it converts to.</summary>
    public int[] Inputs { get; } = new int[4];

    public int PollsPerConversion { get; set; }

    public ushort LastConfig { get; private set; }

    public int Conversions { get; private set; }

    protected override void OnWrite(ReadOnlySpan<byte> data)
    {
        _pointer = data[0] & 3;
        if (data.Length == 3)
        {
            ushort value = (ushort)((data[1] << 8) | data[2]);
            if (_pointer == 1)
            {
                LastConfig = value;
                _registers[1] = (ushort)(value & 0x7FFF);
                if ((value & 0x8000) != 0)
                {
                    int mux = (value >> 12) & 7;
                    _pendingInput = mux >= 4 ? mux - 4 : -1;
                    _busyReads = PollsPerConversion;
                    Finish();
                }
            }
            else
            {
                _registers[_pointer] = value;
            }
        }
    }

    protected override void OnRead(Span<byte> data)
    {
        if (_pointer == 1)
        {
            if (_busyReads > 0)
            {
                _busyReads--;
            }

            Finish();
        }

        ushort value = _registers[_pointer];
        data[0] = (byte)(value >> 8);
        if (data.Length > 1)
        {
            data[1] = (byte)value;
        }
    }

    private void Finish()
    {
        if (_busyReads == 0 && _pendingInput >= 0)
        {
            _registers[0] = (ushort)(short)Inputs[_pendingInput];
            _registers[1] |= 0x8000;
            _pendingInput = -1;
            Conversions++;
        }
    }
}
