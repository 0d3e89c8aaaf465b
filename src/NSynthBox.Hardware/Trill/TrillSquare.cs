using System.Buffers.Binary;
using System.Device.I2c;
using NSynthBox.Engine;

namespace NSynthBox.Hardware;

/// <summary>
/// Bela Trill Square (2-D capacitive touch pad, I2C, default address 0x28; 0x28..0x2F by its
/// address pads). Commands are written at offset 0; reads start from the last offset written, so
/// the data offset (4) is written once after the commands and every later read returns the
/// centroid block: 4 vertical locations, 4 vertical sizes, 4 horizontal locations,
/// 4 horizontal sizes, each 16-bit big-endian; 0xFFFF = no touch. Locations run 0..1792.
/// </summary>
public sealed class TrillSquare : ITouchInput
{
    public const int DefaultAddress = 0x28;
    /// <summary>Device type the Square reports on identify.</summary>
    public const byte DeviceTypeSquare = 2;
    /// <summary>Full-scale location on both axes of a Square.</summary>
    public const int LocationRange = 1792;

    internal const byte CommandOffset = 0;
    internal const byte DataOffset = 4;
    private const int CentroidLength = 32;
    private const int TouchSlots = 4;

    private readonly I2cDevice _device;
    private readonly TouchTracker _tracker;
    private readonly byte[] _data = new byte[CentroidLength];

    public TrillSquare(I2cDevice device, TouchOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(device);
        _device = device;
        _tracker = new TouchTracker(options ?? new TouchOptions());
    }

    /// <summary>Flip the vertical axis if the sensor is mounted with its connector at the top.</summary>
    public bool FlipY { get; init; }

    /// <summary>Pause after each command so the sensor's firmware can process it (the Trill libraries wait 15-25 ms).</summary>
    internal Action<int> Delay { get; init; } = Thread.Sleep;

    public int Address => _device.ConnectionSettings.DeviceAddress;

    public string Name => "Trill Square at " + Hex.Address(Address);

    public int FirmwareVersion { get; private set; }

    public bool Touching => _tracker.Touching;

    /// <summary>Identify (must be a Square), centroid mode, 12-bit fast scans, fresh baseline, point reads at the data.</summary>
    public void Initialize()
    {
        byte type = Identify(out int firmware);
        if (type != DeviceTypeSquare)
        {
            throw new ChipException(Name, $"{Name} identifies as Trill device type {type}, not a Square ({DeviceTypeSquare})");
        }

        FirmwareVersion = firmware;
        Command(TrillCommand.Mode, (byte)TrillMode.Centroid);
        Command(TrillCommand.ScanSettings, 0, 12);
        Command(TrillCommand.BaselineUpdate);
        Span<byte> pointer = [DataOffset];
        _device.Write(pointer);
        Delay(15);
    }

    /// <summary>
    /// Sends identify and returns the device type (2 = Square). The answer's first byte (0xFE on
    /// the sensors seen so far) is not checked, as the Trill libraries do not check it either.
    /// </summary>
    public byte Identify(out int firmwareVersion)
    {
        Command(TrillCommand.Identify);
        Span<byte> answer = stackalloc byte[3];
        _device.Read(answer);
        firmwareVersion = answer[2];
        return answer[1];
    }

    /// <summary>Reads the first touch: x 0..1 left to right, y 0..1 top to bottom, size (raw units).</summary>
    public bool ReadTouch(out float x, out float y, out int size)
    {
        _device.Read(_data);
        ushort vertical = BinaryPrimitives.ReadUInt16BigEndian(_data.AsSpan(0));
        ushort horizontal = BinaryPrimitives.ReadUInt16BigEndian(_data.AsSpan(4 * TouchSlots));
        size = BinaryPrimitives.ReadUInt16BigEndian(_data.AsSpan(2 * TouchSlots));
        if (vertical == 0xFFFF || horizontal == 0xFFFF)
        {
            x = y = 0;
            size = 0;
            return false;
        }

        if (vertical > LocationRange + 256 || horizontal > LocationRange + 256)
        {
            throw new ChipException(Name, $"{Name} returned invalid data (location {horizontal},{vertical} is beyond {LocationRange})");
        }

        x = Math.Clamp(horizontal / (float)LocationRange, 0f, 1f);
        y = Math.Clamp(vertical / (float)LocationRange, 0f, 1f);
        if (FlipY)
        {
            y = 1f - y;
        }

        return true;
    }

    public void Poll(Action<ControlEvent> sink)
    {
        bool touching = ReadTouch(out float x, out float y, out _);
        _tracker.Update(touching, x, y, sink);
    }

    private void Command(TrillCommand command, params ReadOnlySpan<byte> arguments)
    {
        Span<byte> buffer = stackalloc byte[2 + arguments.Length];
        buffer[0] = CommandOffset;
        buffer[1] = (byte)command;
        arguments.CopyTo(buffer[2..]);
        _device.Write(buffer);
        Delay(command == TrillCommand.Identify ? 25 : 15);
    }
}
