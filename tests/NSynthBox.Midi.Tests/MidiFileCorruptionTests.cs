namespace NSynthBox.Midi.Tests;

/// <summary>Every way a file can be broken is reported with the byte offset and what was
/// expected. The first track's events start at offset 0x16 (see <see cref="SmfBytes"/>).</summary>
public class MidiFileCorruptionTests
{
    private const ushort Ppq96 = 96;

    private static MidiFileFormatException ReadError(byte[] bytes) =>
        Assert.Throws<MidiFileFormatException>(() => MidiFile.Read(new MemoryStream(bytes)));

    private static MidiFileFormatException TrackError(params byte[] trackBody) =>
        ReadError(SmfBytes.File(0, 1, Ppq96, trackBody));

    [Fact]
    public void Error_from_a_path_names_the_file_offset_and_expectation()
    {
        using var temp = new TempDirectory();
        string path = temp.File("song.mid");
        File.WriteAllBytes(path, [.. "XYZW"u8, 0, 0, 0, 6, 0, 0, 0, 1, 0, 96]);

        var error = Assert.Throws<MidiFileFormatException>(() => MidiFile.Read(path));

        Assert.Equal($"{path}: offset 0x0: expected 'MThd' chunk, found 'XYZW'", error.Message);
        Assert.Equal(path, error.SourceName);
        Assert.Equal(0, error.Offset);
    }

    [Fact]
    public void Error_from_a_stream_names_the_given_source()
    {
        var error = Assert.Throws<MidiFileFormatException>(() => MidiFile.Read(new MemoryStream([1, 2]), "upload.mid"));

        Assert.Equal("upload.mid: offset 0x0: expected 'MThd' chunk, found end of file (file is 2 bytes)", error.Message);
    }

    [Fact]
    public void Empty_file_is_reported()
    {
        Assert.Equal("offset 0x0: expected 'MThd' chunk, found end of file (file is 0 bytes)", ReadError([]).Message);
    }

    [Fact]
    public void Header_chunk_shorter_than_6_bytes_is_reported()
    {
        var error = ReadError([.. SmfBytes.Chunk("MThd", [0, 0, 0, 1])]);

        Assert.Equal("offset 0x4: expected 'MThd' chunk length of at least 6, found 4", error.Message);
    }

    [Fact]
    public void Unknown_format_is_reported()
    {
        Assert.Equal("offset 0x8: expected format 0, 1 or 2, found 3", ReadError(SmfBytes.Header(3, 1, Ppq96)).Message);
    }

    [Fact]
    public void Format_0_with_two_tracks_is_reported()
    {
        Assert.Equal("offset 0xA: expected 1 track in a format 0 file, found 2", ReadError(SmfBytes.Header(0, 2, Ppq96)).Message);
    }

    [Fact]
    public void Zero_ticks_per_quarter_note_is_reported()
    {
        Assert.StartsWith("offset 0xC: expected a time division", ReadError(SmfBytes.Header(0, 1, 0)).Message);
    }

    [Fact]
    public void Garbage_where_a_track_chunk_should_be_is_reported()
    {
        var error = ReadError([.. SmfBytes.Header(1, 1, Ppq96), 0x00, 0x01, 0x02, 0x03, 0, 0, 0, 0]);

        Assert.Equal("offset 0xE: expected 'MTrk' chunk, found bytes 00010203", error.Message);
    }

    [Fact]
    public void Missing_track_is_reported_with_how_many_were_read()
    {
        var error = ReadError(SmfBytes.File(1, 2, Ppq96, [0x00, 0xFF, 0x2F, 0x00]));

        Assert.Equal("offset 0x1A: expected 'MTrk' chunk, found end of file (1 of 2 tracks read)", error.Message);
    }

    [Fact]
    public void Chunk_length_beyond_end_of_file_is_reported()
    {
        var error = ReadError([.. SmfBytes.Header(0, 1, Ppq96), .. SmfBytes.Chunk("MTrk", [0x00, 0xFF, 0x2F, 0x00], declaredLength: 100)]);

        Assert.Equal("offset 0x12: 'MTrk' chunk length 100 goes beyond end of file (4 bytes left)", error.Message);
        Assert.Equal(0x12, error.Offset);
    }

    [Fact]
    public void Truncated_track_in_the_middle_of_a_message_is_reported()
    {
        Assert.Equal("offset 0x19: truncated track: expected data byte, found end of 'MTrk' chunk",
            TrackError(0x00, 0x90, 0x3C).Message);
    }

    [Fact]
    public void Truncated_track_after_a_delta_time_is_reported()
    {
        Assert.Equal("offset 0x1B: truncated track: expected event status, found end of 'MTrk' chunk",
            TrackError(0x00, 0x90, 0x3C, 0x40, 0x10).Message);
    }

    [Fact]
    public void Meta_event_longer_than_its_track_is_reported()
    {
        Assert.Equal("offset 0x1A: truncated track: meta event data needs 16 bytes, found 1 before end of 'MTrk' chunk",
            TrackError(0x00, 0xFF, 0x03, 0x10, 0x41).Message);
    }

    [Fact]
    public void Variable_length_quantity_longer_than_4_bytes_is_reported_at_its_start()
    {
        Assert.Equal("offset 0x1A: delta time: variable-length quantity longer than 4 bytes",
            TrackError(0x00, 0x90, 0x3C, 0x40, 0x81, 0x80, 0x80, 0x80, 0x00).Message);
    }

    [Fact]
    public void Status_byte_where_a_data_byte_is_expected_is_reported()
    {
        Assert.Equal("offset 0x18: expected data byte, found status byte 0x80",
            TrackError(0x00, 0x90, 0x80, 0x40).Message);
    }

    [Fact]
    public void Running_status_without_a_previous_status_is_reported()
    {
        Assert.Equal("offset 0x17: expected status byte, found data byte 0x3C (running status without a previous status in this track)",
            TrackError(0x00, 0x3C, 0x40).Message);
    }

    [Fact]
    public void Running_status_does_not_carry_over_from_the_previous_track()
    {
        var error = ReadError(SmfBytes.File(1, 2, Ppq96, [0x00, 0x90, 0x3C, 0x40], [0x00, 0x3C, 0x40]));

        // The second chunk starts at 0x1A, its events at 0x22: the data byte is at 0x23.
        Assert.Equal("offset 0x23: expected status byte, found data byte 0x3C (running status without a previous status in this track)",
            error.Message);
    }

    [Fact]
    public void Realtime_status_inside_a_track_is_reported()
    {
        Assert.Equal("offset 0x17: expected channel, SysEx or meta event status, found system message status 0xF8 (not allowed in a MIDI file)",
            TrackError(0x00, 0xF8).Message);
    }

    [Fact]
    public void Meta_event_type_with_the_top_bit_set_is_reported()
    {
        Assert.Equal("offset 0x18: expected meta event type 0x00..0x7F, found 0x90", TrackError(0x00, 0xFF, 0x90, 0x00).Message);
    }
}
