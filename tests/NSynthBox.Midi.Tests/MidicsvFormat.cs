using System.Text;

namespace NSynthBox.Midi.Tests;

/// <summary>
/// Renders a <see cref="MidiFile"/> as the CSV that Debian's midicsv tool prints, so our
/// reading of a file can be compared line by line with another tool's (see man 5 midicsv).
/// Covers the record types our fixtures use.
/// </summary>
internal static class MidicsvFormat
{
    public static List<string> Render(MidiFile file)
    {
        var lines = new List<string> { $"0, 0, Header, {file.Format}, {file.Tracks.Count}, {file.Division.RawValue}" };
        for (int i = 0; i < file.Tracks.Count; i++)
        {
            int number = i + 1;
            lines.Add($"{number}, 0, Start_track");
            lines.AddRange(file.Tracks[i].Events.Select(e => $"{number}, {e.Tick}, {Render(e)}"));
        }

        lines.Add("0, 0, End_of_file");
        return lines;
    }

    /// <summary>Drops comments and blank lines and spaces fields the way <see cref="Render(MidiFile)"/>
    /// does. midicsv prints an SMPTE division as a negative number; it is made unsigned.</summary>
    public static List<string> Normalize(IEnumerable<string> csvLines)
    {
        var lines = new List<string>();
        foreach (string line in csvLines)
        {
            string trimmed = line.Trim();
            if (trimmed.Length == 0 || trimmed[0] is '#' or ';')
            {
                continue;
            }

            var fields = trimmed.Split(',').Select(f => f.Trim()).ToArray();
            if (fields[2] == "Header" && int.Parse(fields[5]) < 0)
            {
                fields[5] = (int.Parse(fields[5]) + 65536).ToString();
            }

            lines.Add(string.Join(", ", fields));
        }

        return lines;
    }

    private static string Render(MidiEvent midiEvent) => midiEvent switch
    {
        ChannelMessageEvent channel => Render(channel.Message),
        SysExEvent sysEx => $"{(sysEx.IsEscape ? "System_exclusive_packet" : "System_exclusive")}, {WithLength(sysEx.Data)}",
        EndOfTrackEvent => "End_track",
        TempoChangeEvent tempo => $"Tempo, {tempo.MicrosecondsPerQuarterNote}",
        TimeSignatureEvent time =>
            $"Time_signature, {time.Numerator}, {int.Log2(time.Denominator)}, {time.ClocksPerMetronomeClick}, {time.ThirtySecondNotesPerQuarterNote}",
        TrackNameEvent name => $"Title_t, {Quote(name.Data)}",
        MetaEvent meta => Render(meta),
        _ => throw new ArgumentException($"Unknown event {midiEvent}"),
    };

    private static string Render(MidiMessage m) => m.Type switch
    {
        MidiMessageType.NoteOff => $"Note_off_c, {m.Channel}, {m.Data1}, {m.Data2}",
        MidiMessageType.NoteOn => $"Note_on_c, {m.Channel}, {m.Data1}, {m.Data2}",
        MidiMessageType.PolyPressure => $"Poly_aftertouch_c, {m.Channel}, {m.Data1}, {m.Data2}",
        MidiMessageType.ControlChange => $"Control_c, {m.Channel}, {m.Data1}, {m.Data2}",
        MidiMessageType.ProgramChange => $"Program_c, {m.Channel}, {m.Data1}",
        MidiMessageType.ChannelPressure => $"Channel_aftertouch_c, {m.Channel}, {m.Data1}",
        MidiMessageType.PitchBend => $"Pitch_bend_c, {m.Channel}, {m.PitchBendValue + 8192}",
        _ => throw new ArgumentException($"Not a channel message: {m}"),
    };

    private static string Render(MetaEvent meta)
    {
        var data = meta.Data.Span;
        return meta.MetaType switch
        {
            0x01 => $"Text_t, {Quote(meta.Data)}",
            0x02 => $"Copyright_t, {Quote(meta.Data)}",
            0x04 => $"Instrument_name_t, {Quote(meta.Data)}",
            0x05 => $"Lyric_t, {Quote(meta.Data)}",
            0x06 => $"Marker_t, {Quote(meta.Data)}",
            0x07 => $"Cue_point_t, {Quote(meta.Data)}",
            0x20 => $"Channel_prefix, {data[0]}",
            0x21 => $"MIDI_port, {data[0]}",
            0x59 => $"Key_signature, {(sbyte)data[0]}, \"{(data[1] == 0 ? "major" : "minor")}\"",
            0x7F => $"Sequencer_specific, {WithLength(meta.Data)}",
            _ => $"Unknown_meta_event, {meta.MetaType}, {WithLength(meta.Data)}",
        };
    }

    private static string WithLength(ReadOnlyMemory<byte> data) =>
        string.Join(", ", data.ToArray().Select(b => (int)b).Prepend(data.Length));

    // The fixtures only use plain ASCII text, so midicsv's octal escapes are not needed.
    private static string Quote(ReadOnlyMemory<byte> text) => $"\"{Encoding.Latin1.GetString(text.Span).Replace("\"", "\"\"")}\"";
}
