using System.Buffers.Binary;

namespace NSynthBox.Hardware.Tests.Fakes;

/// <summary>
/// A Trill Square's I2C side: commands written at offset 0, a read pointer set by a one-byte
/// write, identify answer [0xFE, type, firmware] at offset 0 and the 32-byte centroid block at 4.
/// </summary>
internal sealed class FakeTrillSquare(int address = 0x28) : FakeI2cChip(address)
{
    private int _pointer;

    public byte DeviceType { get; set; } = 2;

    public byte Firmware { get; set; } = 2;

    public List<byte[]> Commands { get; } = [];

    /// <summary>Touch location in sensor units (0..1792), or null for no touch.</summary>
    public (int Horizontal, int Vertical)? Touch { get; set; }

    protected override void OnWrite(ReadOnlySpan<byte> data)
    {
        _pointer = data[0];
        if (data.Length > 1 && data[0] == 0)
        {
            Commands.Add(data[1..].ToArray());
        }
    }

    protected override void OnRead(Span<byte> data)
    {
        data.Fill(0xFF);
        if (_pointer == 0)
        {
            ReadOnlySpan<byte> identify = [0xFE, DeviceType, Firmware];
            identify[..Math.Min(3, data.Length)].CopyTo(data);
            return;
        }

        if (_pointer == 4 && Touch is var (h, v) && data.Length >= 32)
        {
            BinaryPrimitives.WriteUInt16BigEndian(data, (ushort)v);
            BinaryPrimitives.WriteUInt16BigEndian(data[8..], 500);
            BinaryPrimitives.WriteUInt16BigEndian(data[16..], (ushort)h);
            BinaryPrimitives.WriteUInt16BigEndian(data[24..], 500);
        }
    }
}
