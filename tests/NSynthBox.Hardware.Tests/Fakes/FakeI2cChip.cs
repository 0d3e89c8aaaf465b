using System.Device.I2c;

namespace NSynthBox.Hardware.Tests.Fakes;

/// <summary>
/// Base of the register-level chip fakes: an I2C device at an address that can be unplugged
/// (every transfer then fails like Linux i2c-dev does on a NACK) and plugged back in.
/// </summary>
internal abstract class FakeI2cChip(int address, int bus = 1) : I2cDevice
{
    public override I2cConnectionSettings ConnectionSettings { get; } = new(bus, address);

    /// <summary>False = nothing acknowledges at this address.</summary>
    public bool Present { get; set; } = true;

    /// <summary>Transfers attempted, including failed ones.</summary>
    public int Transfers { get; private set; }

    public override void Read(Span<byte> buffer)
    {
        Transfer();
        OnRead(buffer);
    }

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        Transfer();
        OnWrite(buffer);
    }

    public override void WriteRead(ReadOnlySpan<byte> writeBuffer, Span<byte> readBuffer)
    {
        Transfer();
        OnWrite(writeBuffer);
        OnRead(readBuffer);
    }

    protected abstract void OnWrite(ReadOnlySpan<byte> data);

    protected abstract void OnRead(Span<byte> data);

    private void Transfer()
    {
        Transfers++;
        if (!Present)
        {
            // What System.Device.Gpio's UnixI2cDevice throws when the kernel reports a NACK (EREMOTEIO).
            throw new IOException("Error 121 performing I2C data transfer.");
        }
    }
}

/// <summary>An address where no chip is fitted.</summary>
internal sealed class AbsentI2cChip(int address, int bus = 1) : FakeI2cChip(address, bus)
{
    public AbsentI2cChip Init()
    {
        Present = false;
        return this;
    }

    protected override void OnWrite(ReadOnlySpan<byte> data)
    {
    }

    protected override void OnRead(Span<byte> data)
    {
    }
}
