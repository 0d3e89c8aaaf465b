using System.Device.I2c;

namespace NSynthBox.Hardware;

/// <summary>Register-style transfers shared by the I2C chips (pointer byte, then data).</summary>
internal static class I2cTransfers
{
    public static void WriteRegister(this I2cDevice device, byte register, byte value)
    {
        Span<byte> buffer = stackalloc byte[2];
        buffer[0] = register;
        buffer[1] = value;
        device.Write(buffer);
    }

    public static byte ReadRegister(this I2cDevice device, byte register)
    {
        Span<byte> pointer = stackalloc byte[1];
        Span<byte> value = stackalloc byte[1];
        pointer[0] = register;
        device.WriteRead(pointer, value);
        return value[0];
    }

    public static void ReadRegisters(this I2cDevice device, byte firstRegister, Span<byte> values)
    {
        Span<byte> pointer = stackalloc byte[1];
        pointer[0] = firstRegister;
        device.WriteRead(pointer, values);
    }
}
