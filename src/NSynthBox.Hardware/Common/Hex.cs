namespace NSynthBox.Hardware;

internal static class Hex
{
    /// <summary>An I2C address as makers write it: 0x5A.</summary>
    public static string Address(int address) => "0x" + address.ToString("X2", System.Globalization.CultureInfo.InvariantCulture);

    public static string Byte(int value) => "0x" + value.ToString("X2", System.Globalization.CultureInfo.InvariantCulture);
}
