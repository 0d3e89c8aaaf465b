namespace NSynthBox.Hardware;

/// <summary>A bus the panel needs is not there (not enabled in the OS, or a driver library is missing). The message says how to enable it.</summary>
public sealed class BusNotFoundException : IOException
{
    public BusNotFoundException(string message, Exception? inner = null)
        : base(message, inner)
    {
    }
}
