using NSynthBox.Engine;
using NSynthBox.Midi;
using NSynthBox.Platform.Mapping;
using static NSynthBox.Platform.Tests.Mapping;

namespace NSynthBox.Platform.Tests;

public sealed class MpeTests
{
    private static MidiMessage[] Mcm(int manager, int members) => [Cc(manager, 101, 0), Cc(manager, 100, 6), Cc(manager, 6, members)];

    [Fact]
    public void Mpe_configuration_message_sets_up_the_lower_zone()
    {
        var mapper = new MidiPerformanceMapper(DefaultState());
        Map(mapper, Mcm(0, 15));

        Assert.True(mapper.Mpe.Enabled);
        Assert.Equal(15, mapper.Mpe.LowerMembers);
        Assert.True(mapper.Mpe.IsManager(0));
        Assert.True(mapper.Mpe.IsMember(1, out var manager) && manager == 0);
        Assert.Equal(48f, mapper.PitchBendRange(1)); // MPE's default member range
        Assert.Equal(2f, mapper.PitchBendRange(0));
    }

    [Fact]
    public void Member_channel_bend_moves_only_its_own_note()
    {
        var mapper = new MidiPerformanceMapper(DefaultState(), mpeLowerZoneMembers: 15);
        var events = Map(mapper,
            MidiMessage.NoteOn(1, 60, 100), MidiMessage.NoteOn(2, 64, 100),
            MidiMessage.PitchBend(1, 4096)); // half way up on channel 2 (zero-based 1): +24 semitones

        Assert.Equal([ControlEvent.NoteOn(60, 100 / 127f, 1), ControlEvent.NoteOn(64, 100 / 127f, 2), ControlEvent.PitchBend(24f, 1)], events);
    }

    [Fact]
    public void Manager_channel_bend_reaches_every_member_on_top_of_its_own_bend()
    {
        var mapper = new MidiPerformanceMapper(DefaultState(), mpeLowerZoneMembers: 3);
        Map(mapper, MidiMessage.PitchBend(2, -2048)); // member (channel 3): -12 semitones
        var events = Map(mapper, MidiMessage.PitchBend(0, 8191)); // manager: ~+2 semitones for the zone

        var bends = events.Where(e => e.Kind == ControlKind.PitchBend).ToDictionary(e => e.Channel, e => e.Value);
        Assert.Equal([0, 1, 2, 3], bends.Keys.Select(k => (int)k).Order());
        Assert.Equal(2f, bends[1], 0.001f);
        Assert.Equal(-12f + 2f, bends[2], 0.001f);
    }

    [Fact]
    public void Rpn0_on_a_member_sets_the_range_of_the_whole_zone()
    {
        var mapper = new MidiPerformanceMapper(DefaultState(), mpeLowerZoneMembers: 15);
        Map(mapper, Cc(4, 101, 0), Cc(4, 100, 0), Cc(4, 6, 24));
        Assert.Equal(24f, mapper.PitchBendRange(1));
        Assert.Equal(24f, mapper.PitchBendRange(15));
        Assert.Equal(2f, mapper.PitchBendRange(0));
    }

    [Fact]
    public void Pressure_and_slide_reach_their_own_note_only()
    {
        var mapper = new MidiPerformanceMapper(DefaultState(), mpeLowerZoneMembers: 15);
        var events = Map(mapper, MidiMessage.NoteOn(5, 67, 90), MidiMessage.ChannelPressure(5, 127), Cc(5, 74, 0), MidiMessage.PolyPressure(5, 67, 64),
            Cc(5, 16, 127)); // a grid controller on a member channel belongs to no note: ignored

        Assert.Equal([ControlEvent.NoteOn(67, 90 / 127f, 5), ControlEvent.Pressure(1f, 5), ControlEvent.Slide(0f, 5), ControlEvent.Pressure(64 / 127f, 5)], events);
    }

    [Fact]
    public void Mcm_with_zero_members_turns_mpe_off()
    {
        var mapper = new MidiPerformanceMapper(DefaultState(), mpeLowerZoneMembers: 15);
        Map(mapper, Mcm(0, 0));
        Assert.False(mapper.Mpe.Enabled);
        Assert.Equal([ControlEvent.PitchBend(-2f, 1)], Map(mapper, MidiMessage.PitchBend(1, -8192)));
    }

    [Fact]
    public void Upper_zone_shrinks_the_lower_one_when_they_overlap()
    {
        var zones = new MpeZones();
        zones.Configure(MpeZones.LowerManager, 15);
        zones.Configure(MpeZones.UpperManager, 4);
        Assert.Equal(10, zones.LowerMembers);
        Assert.True(zones.IsMember(14, out var m) && m == MpeZones.UpperManager);
        Assert.True(zones.IsMember(10, out m) && m == MpeZones.LowerManager);
        Assert.True(zones.IsMember(11, out m) && m == MpeZones.UpperManager);
    }

    [Fact]
    public void Without_mpe_a_single_channel_box_ignores_the_others()
    {
        var mapper = new MidiPerformanceMapper(DefaultState(), channel: 2);
        var events = Map(mapper, MidiMessage.NoteOn(1, 60, 100), MidiMessage.NoteOn(2, 62, 100), MidiMessage.PitchBend(3, 100));
        Assert.Equal([ControlEvent.NoteOn(62, 100 / 127f, 2)], events);
    }
}
