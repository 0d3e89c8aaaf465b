namespace NSynthBox.Midi.Tests;

public class MidiMessageTests
{
    [Fact]
    public void Note_on_factory_sets_status_channel_and_data()
    {
        var message = MidiMessage.NoteOn(3, 60, 100);

        Assert.Equal(0x93, message.Status);
        Assert.Equal(MidiMessageType.NoteOn, message.Type);
        Assert.Equal(3, message.Channel);
        Assert.Equal(60, message.Data1);
        Assert.Equal(100, message.Data2);
        Assert.True(message.IsChannelMessage);
        Assert.Equal("NoteOn ch3 60 100", message.ToString());
    }

    [Theory]
    [InlineData(-8192, 0x00, 0x00)]
    [InlineData(0, 0x00, 0x40)]
    [InlineData(8191, 0x7F, 0x7F)]
    [InlineData(1, 0x01, 0x40)]
    public void Pitch_bend_is_stored_as_14_bits_centred_on_8192(int value, byte lsb, byte msb)
    {
        var message = MidiMessage.PitchBend(15, value);

        Assert.Equal(0xEF, message.Status);
        Assert.Equal(lsb, message.Data1);
        Assert.Equal(msb, message.Data2);
        Assert.Equal(value, message.PitchBendValue);
    }

    [Fact]
    public void Each_factory_produces_its_type()
    {
        Assert.Equal(MidiMessageType.NoteOff, MidiMessage.NoteOff(0, 1).Type);
        Assert.Equal(MidiMessageType.PolyPressure, MidiMessage.PolyPressure(0, 1, 2).Type);
        Assert.Equal(MidiMessageType.ControlChange, MidiMessage.ControlChange(0, 7, 100).Type);
        Assert.Equal(MidiMessageType.ProgramChange, MidiMessage.ProgramChange(0, 5).Type);
        Assert.Equal(MidiMessageType.ChannelPressure, MidiMessage.ChannelPressure(0, 5).Type);
        Assert.Equal(MidiMessageType.TimingClock, new MidiMessage(0xF8).Type);
        Assert.Equal(MidiMessageType.SongPosition, new MidiMessage(0xF2, 1, 2).Type);
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(16)]
    public void Channel_outside_0_to_15_is_rejected_with_a_clear_message(int channel)
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => MidiMessage.NoteOn(channel, 60, 100));

        Assert.Equal("channel", error.ParamName);
        Assert.Contains("0..15", error.Message);
        Assert.Contains("zero-based", error.Message);
    }

    [Fact]
    public void Data_values_outside_their_range_are_rejected_naming_the_argument()
    {
        Assert.Equal("note", Assert.Throws<ArgumentOutOfRangeException>(() => MidiMessage.NoteOn(0, 128, 1)).ParamName);
        Assert.Equal("velocity", Assert.Throws<ArgumentOutOfRangeException>(() => MidiMessage.NoteOn(0, 1, -1)).ParamName);
        Assert.Equal("value", Assert.Throws<ArgumentOutOfRangeException>(() => MidiMessage.ControlChange(0, 1, 200)).ParamName);
        var bend = Assert.Throws<ArgumentOutOfRangeException>(() => MidiMessage.PitchBend(0, 8192));
        Assert.Contains("-8192..8191", bend.Message);
    }

    [Theory]
    [InlineData(0x3C, 0, 0, "status")] // data byte as status
    [InlineData(0xF0, 0, 0, "status")] // SysEx has no fixed length
    [InlineData(0xF4, 0, 0, "status")] // undefined
    [InlineData(0x90, 0x80, 0, "data1")] // data byte with the top bit set
    [InlineData(0xC0, 1, 2, "data2")] // program change has one data byte
    [InlineData(0xF8, 1, 0, "data1")] // real-time has none
    public void Raw_constructor_rejects_bytes_that_are_not_a_valid_message(int status, int data1, int data2, string param)
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => new MidiMessage((byte)status, (byte)data1, (byte)data2));

        Assert.Equal(param, error.ParamName);
    }

    [Fact]
    public void ToBytes_writes_only_the_bytes_the_message_has()
    {
        Span<byte> buffer = stackalloc byte[MidiMessage.MaxLength];

        Assert.Equal(3, MidiMessage.NoteOn(1, 60, 100).ToBytes(buffer));
        Assert.Equal(new byte[] { 0x91, 60, 100 }, buffer.ToArray());
        Assert.Equal(2, MidiMessage.ProgramChange(2, 5).ToBytes(buffer));
        Assert.Equal(new byte[] { 0xC2, 5 }, buffer[..2].ToArray());
        Assert.Equal(1, new MidiMessage(0xFA).ToBytes(buffer));
        Assert.Equal(0xFA, buffer[0]);
    }

    [Fact]
    public void ToBytes_into_a_too_small_buffer_throws()
    {
        var message = MidiMessage.NoteOn(1, 60, 100);

        Assert.Throws<ArgumentException>(() => message.ToBytes(new byte[2]));
    }

    [Fact]
    public void System_messages_have_no_channel_and_non_bend_messages_no_bend_value()
    {
        Assert.Throws<InvalidOperationException>(() => new MidiMessage(0xF8).Channel);
        Assert.Throws<InvalidOperationException>(() => MidiMessage.NoteOn(0, 1, 1).PitchBendValue);
    }

    [Fact]
    public void Messages_with_the_same_bytes_are_equal()
    {
        Assert.Equal(MidiMessage.NoteOn(0, 60, 1), new MidiMessage(0x90, 60, 1));
        Assert.NotEqual(MidiMessage.NoteOn(0, 60, 1), MidiMessage.NoteOn(1, 60, 1));
    }
}
