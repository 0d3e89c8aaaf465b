using System.Device.Spi;

namespace NSynthBox.Hardware;

/// <summary>
/// Microchip MCP3008 8-channel 10-bit ADC on SPI (mode 0, up to 1.35 MHz at 2.7 V / 3.6 MHz at
/// 5 V). One conversion is one 3-byte full-duplex transfer: [0x01 (start bit), 0x80 | channel &lt;&lt; 4
/// (single-ended), 0x00]; the answer's second byte holds the null bit (bit 2, always 0) and B9..B8,
/// the third byte B7..B0.
/// </summary>
public sealed class Mcp3008
{
    public const int ChannelCount = 8;
    public const int MaxValue = 1023;

    private readonly SpiDevice _device;
    private readonly byte[] _tx = new byte[3];
    private readonly byte[] _rx = new byte[3];

    public Mcp3008(SpiDevice device)
    {
        ArgumentNullException.ThrowIfNull(device);
        _device = device;
    }

    /// <summary>"MCP3008 on SPI 0.0".</summary>
    public string Name => $"MCP3008 on SPI {_device.ConnectionSettings.BusId}.{_device.ConnectionSettings.ChipSelectLine}";

    /// <summary>Single-ended conversion of one channel, 0..1023.</summary>
    /// <exception cref="ChipException">The null bit was 1: nothing drives MISO (chip missing or MISO open).</exception>
    public int Read(int channel)
    {
        if ((uint)channel >= ChannelCount)
        {
            throw new ArgumentOutOfRangeException(nameof(channel), channel, "MCP3008 channels are 0..7.");
        }

        _tx[0] = 0x01;
        _tx[1] = (byte)(0x80 | (channel << 4));
        _tx[2] = 0x00;
        _device.TransferFullDuplex(_tx, _rx);
        if ((_rx[1] & 0x04) != 0)
        {
            throw new ChipException(Name, $"{Name} returned invalid data (null bit set on channel {channel}): the chip does not drive MISO");
        }

        return ((_rx[1] & 0x03) << 8) | _rx[2];
    }
}
