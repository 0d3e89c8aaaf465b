using NSynthBox.Engine.Import;
using NSynthBox.Midi;
using NSynthBox.Neural;

namespace NSynthBox;

/// <summary>Turns bad input (and a file that cannot be read or written: IOException) into one clear line on stderr and a non-zero exit status, never a stack trace.</summary>
internal static class Cli
{
    public static int Guard(Func<int> action)
    {
        try
        {
            return action();
        }
        catch (Exception e) when (e is UserInputException or SoundImportException or MidiFileFormatException or ModelPackageException or InvalidDataException
                                      or IOException or UnauthorizedAccessException or ArgumentException
                                      or Hardware.BusNotFoundException or Hardware.ChipException)
        {
            Console.Error.WriteLine($"nsynthbox: {e.Message}");
            return 2;
        }
    }
}
