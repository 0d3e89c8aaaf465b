namespace NSynthBox.Midi;

/// <summary>
/// A Standard MIDI File could not be read. The message says where (file and byte offset)
/// and what was expected, so a user can report or inspect the broken file.
/// </summary>
public sealed class MidiFileFormatException : Exception
{
    internal MidiFileFormatException(string? sourceName, long offset, string problem)
        : base(sourceName is null ? $"offset 0x{offset:X}: {problem}" : $"{sourceName}: offset 0x{offset:X}: {problem}")
    {
        SourceName = sourceName;
        Offset = offset;
    }

    /// <summary>The file path, when the file was read from a path.</summary>
    public string? SourceName { get; }

    /// <summary>Byte offset from the start of the file where the problem was found.</summary>
    public long Offset { get; }
}
