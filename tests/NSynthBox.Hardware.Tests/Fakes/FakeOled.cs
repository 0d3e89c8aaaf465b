namespace NSynthBox.Hardware.Tests.Fakes;

/// <summary>
/// The I2C side of an SSD1306 / SH1106: control byte 0x00 = commands, 0x40 = display data.
/// Tracks page and column like the controller's page addressing mode and keeps a 132-column
/// RAM, so tests see where each byte of a flush lands.
/// </summary>
internal sealed class FakeOled(int address = 0x3C) : FakeI2cChip(address)
{
    public const int RamColumns = 132;

    // Commands followed by one argument byte.
    private static readonly HashSet<byte> TakesArgument = [0x20, 0x81, 0x8D, 0xA8, 0xAD, 0xD3, 0xD5, 0xD9, 0xDA, 0xDB];

    public byte[,] Ram { get; } = new byte[8, RamColumns];

    /// <summary>Every command byte (and argument) received, in order.</summary>
    public List<byte> Commands { get; } = [];

    public int Page { get; private set; }

    public int Column { get; private set; }

    /// <summary>Column where each data write started, per page.</summary>
    public List<(int Page, int Column, int Length)> DataWrites { get; } = [];

    protected override void OnWrite(ReadOnlySpan<byte> data)
    {
        if (data.Length == 0)
        {
            return;
        }

        if (data[0] == 0x40)
        {
            DataWrites.Add((Page, Column, data.Length - 1));
            foreach (byte b in data[1..])
            {
                if (Column < RamColumns)
                {
                    Ram[Page, Column] = b;
                }

                Column++;
            }

            return;
        }

        if (data[0] != 0x00)
        {
            throw new InvalidOperationException($"Unexpected control byte 0x{data[0]:X2}");
        }

        for (int i = 1; i < data.Length; i++)
        {
            byte c = data[i];
            Commands.Add(c);
            if (TakesArgument.Contains(c) && i + 1 < data.Length)
            {
                Commands.Add(data[++i]);
            }
            else if (c is >= 0xB0 and <= 0xB7)
            {
                Page = c & 7;
            }
            else if (c <= 0x0F)
            {
                Column = (Column & 0xF0) | c;
            }
            else if (c is >= 0x10 and <= 0x1F)
            {
                Column = (Column & 0x0F) | ((c & 0x0F) << 4);
            }
        }
    }

    protected override void OnRead(Span<byte> data) => data.Clear();

    /// <summary>Pixel of the panel, given the RAM column of its first pixel.</summary>
    public bool Pixel(int x, int y, int firstColumn) => (Ram[y / 8, x + firstColumn] & (1 << (y % 8))) != 0;
}
