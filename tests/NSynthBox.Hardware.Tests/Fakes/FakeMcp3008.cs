using System.Device.Spi;

namespace NSynthBox.Hardware.Tests.Fakes;

/// <summary>
/// MCP3008 on SPI: decodes the start bit and single-ended channel from the 3-byte frame and
/// answers [x, null bit 0 + B9 B8, B7..B0]. Unplugged, MISO floats high and every bit reads 1.
/// </summary>
internal sealed class FakeMcp3008(int bus = 0, int chipSelect = 0) : SpiDevice
{
    public override SpiConnectionSettings ConnectionSettings { get; } = new(bus, chipSelect);

    public int[] Channels { get; } = new int[8];

    public bool Present { get; set; } = true;

    /// <summary>A channel with nothing on it: every conversion reads something different.</summary>
    public int? FloatingChannel { get; set; }

    public int Transfers { get; private set; }

    public byte[] LastTransmit { get; } = new byte[3];

    public override void TransferFullDuplex(ReadOnlySpan<byte> writeBuffer, Span<byte> readBuffer)
    {
        Transfers++;
        writeBuffer.CopyTo(LastTransmit);
        if (!Present)
        {
            readBuffer.Fill(0xFF);
            return;
        }

        readBuffer.Clear();
        if (writeBuffer.Length != 3 || writeBuffer[0] != 0x01 || (writeBuffer[1] & 0x80) == 0)
        {
            return; // not a single-ended conversion request: the chip stays silent (reads 0)
        }

        int channel = (writeBuffer[1] >> 4) & 7;
        int value = channel == FloatingChannel ? (Transfers * 397) % 1024 : Channels[channel];
        readBuffer[1] = (byte)((value >> 8) & 0x03);
        readBuffer[2] = (byte)value;
    }

    public override void Read(Span<byte> buffer) => throw new NotSupportedException();

    public override void Write(ReadOnlySpan<byte> buffer) => throw new NotSupportedException();
}
