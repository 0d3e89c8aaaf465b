namespace NSynthBox.Midi;

/// <summary>
/// A Standard MIDI File: format 0 (one track), 1 (simultaneous tracks sharing one tempo)
/// or 2 (independent sequences). Events hold absolute ticks; the file's delta times are
/// converted on read and write.
/// </summary>
public sealed class MidiFile
{
    public MidiFile(MidiTimeDivision division, int format = 1)
    {
        if (format is < 0 or > 2)
        {
            throw new ArgumentOutOfRangeException(nameof(format), format, "MIDI file format must be 0, 1 or 2.");
        }

        MidiTimeDivision.ThrowIfInvalid(division, nameof(division));
        Division = division;
        Format = format;
    }

    public int Format { get; }

    public MidiTimeDivision Division { get; }

    public List<MidiTrack> Tracks { get; } = [];

    /// <exception cref="MidiFileFormatException">The file is not a valid MIDI file; the message names the path.</exception>
    /// <summary>The largest file <see cref="Read(string)"/> reads (16 MiB: an hour's dense take from the box is about 3 MiB), as it reads it whole.</summary>
    public const long MaxFileBytes = 16L * 1024 * 1024;

    /// <summary>Reads a file of at most <see cref="MaxFileBytes"/>; a FIFO or device (size 0) is refused before it is read.</summary>
    public static MidiFile Read(string path)
    {
        var length = new FileInfo(path).Length;
        if (length == 0) throw new MidiFileFormatException(path, 0, "empty or not a regular file (a FIFO or device?): expected a Standard MIDI File");
        if (length > MaxFileBytes) throw new MidiFileFormatException(path, 0, $"{length} bytes, larger than the {MaxFileBytes / (1024 * 1024)} MiB a MIDI file may be");
        return MidiFileReader.Read(File.ReadAllBytes(path), path);
    }

    /// <param name="sourceName">Named in error messages, e.g. the file name.</param>
    /// <exception cref="MidiFileFormatException">The stream is not a valid MIDI file.</exception>
    public static MidiFile Read(Stream stream, string? sourceName = null)
    {
        ArgumentNullException.ThrowIfNull(stream);
        using var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        return MidiFileReader.Read(buffer.ToArray(), sourceName);
    }

    /// <summary>Writes the file atomically: to a temporary file in the same folder, flushed to
    /// disk, then renamed over <paramref name="path"/>, so a crash never leaves a half-written song.</summary>
    /// <exception cref="InvalidOperationException">The tracks cannot be written (events out of order, format 0 with several tracks...).</exception>
    public void Write(string path)
    {
        byte[] bytes = MidiFileWriter.ToBytes(this);
        string fullPath = Path.GetFullPath(path);
        string tempPath = Path.Combine(Path.GetDirectoryName(fullPath)!, $".{Path.GetFileName(fullPath)}.{Guid.NewGuid():N}.tmp");
        try
        {
            using (var stream = new FileStream(tempPath, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
                stream.Write(bytes);
                stream.Flush(flushToDisk: true);
            }

            File.Move(tempPath, fullPath, overwrite: true);
        }
        catch
        {
            DeleteQuietly(tempPath);
            throw;
        }
    }

    /// <exception cref="InvalidOperationException">The tracks cannot be written (events out of order, format 0 with several tracks...).</exception>
    public void Write(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        stream.Write(MidiFileWriter.ToBytes(this));
    }

    /// <summary>
    /// All channel messages of all tracks in playback order, with their time in seconds.
    /// Messages at the same tick keep file order (track by track, then event order), so
    /// e.g. a note-off written before a note-on at the same tick still comes first.
    /// SysEx and meta events are not included.
    /// </summary>
    public IReadOnlyList<TimedMidiMessage> GetPlaybackMessages()
    {
        var tempoMap = TempoMap.FromFile(this);
        var messages = new List<(long Tick, int Order, int Track, MidiMessage Message)>();
        for (int track = 0; track < Tracks.Count; track++)
        {
            foreach (var midiEvent in Tracks[track].Events)
            {
                if (midiEvent is ChannelMessageEvent channelEvent)
                {
                    messages.Add((channelEvent.Tick, messages.Count, track, channelEvent.Message));
                }
            }
        }

        // List.Sort is not stable; the file-order index makes it so.
        messages.Sort((a, b) => a.Tick != b.Tick ? a.Tick.CompareTo(b.Tick) : a.Order.CompareTo(b.Order));
        return messages.ConvertAll(m => new TimedMidiMessage(tempoMap.TicksToSeconds(m.Tick), m.Tick, m.Track, m.Message));
    }

    // Cleanup after a failed write must not hide the error that made it fail.
    private static void DeleteQuietly(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
        }
    }
}
