using NSynthBox.Midi;

namespace NSynthBox.Engine.Tests;

public sealed class MidiControlMapperTests
{
    private readonly MidiControlMapper _mapper = new(pitchBendRange: 2f);

    [Fact]
    public void Note_on_with_velocity_zero_is_a_note_off()
    {
        Assert.True(_mapper.TryMap(MidiMessage.NoteOn(0, 60, 0), out var e));
        Assert.Equal(ControlKind.NoteOff, e.Kind);
        Assert.Equal(60, e.Index);
    }

    [Fact]
    public void Full_pitch_bend_is_the_bend_range()
    {
        Assert.True(_mapper.TryMap(MidiMessage.PitchBend(3, 8191), out var up));
        Assert.Equal(2f, up.Value, 3);
        Assert.Equal(3, up.Channel);
        Assert.True(_mapper.TryMap(MidiMessage.PitchBend(3, -8192), out var down));
        Assert.Equal(-2f, down.Value, 3);
    }

    [Fact]
    public void Sustain_mod_wheel_and_panic_controllers_map()
    {
        Assert.True(_mapper.TryMap(MidiMessage.ControlChange(0, 64, 127), out var pedal));
        Assert.Equal(ControlEvent.Sustain(true), pedal);
        Assert.True(_mapper.TryMap(MidiMessage.ControlChange(0, 1, 127), out var wheel));
        Assert.Equal(1f, wheel.Value);
        Assert.True(_mapper.TryMap(MidiMessage.ControlChange(0, 123, 0), out var panic));
        Assert.Equal(ControlKind.AllNotesOff, panic.Kind);
        Assert.False(_mapper.TryMap(MidiMessage.ControlChange(0, 7, 100), out _));
    }

    [Fact]
    public void A_channel_filter_ignores_other_channels()
    {
        var mapper = new MidiControlMapper(channel: 2);
        Assert.False(mapper.TryMap(MidiMessage.NoteOn(0, 60, 100), out _));
        Assert.True(mapper.TryMap(MidiMessage.NoteOn(2, 60, 100), out var e));
        Assert.Equal(100 / 127f, e.Value);
    }

    [Fact]
    public void Mpe_slide_and_pressure_keep_their_channel()
    {
        Assert.True(_mapper.TryMap(MidiMessage.ControlChange(5, 74, 127), out var slide));
        Assert.Equal(ControlEvent.Slide(1f, 5), slide);
        Assert.True(_mapper.TryMap(MidiMessage.ChannelPressure(6, 0), out var pressure));
        Assert.Equal(ControlEvent.Pressure(0f, 6), pressure);
    }
}
