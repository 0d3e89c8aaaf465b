using NSynthBox.Engine;
using NSynthBox.Midi;
using NSynthBox.Platform.Control;

namespace NSynthBox.Platform.Mapping;

/// <summary>
/// Everything the box understands in MIDI, turned into <see cref="ControlEvent"/>s; the same code
/// for live input and for 'nsynthbox render', so a recorded take plays back as it was played:
/// <list type="bullet">
/// <item>notes, mod wheel, sustain, all-notes-off (through the engine's <see cref="MidiControlMapper"/>);</item>
/// <item>pitch bend per channel, scaled by that channel's bend range (RPN 0 sets it);</item>
/// <item>the <see cref="CcMap"/> (grid position, knobs, corner instruments; 14-bit MSB/LSB) and MIDI-learned controllers;</item>
/// <item>Program Change as patch recall;</item>
/// <item>channel pressure and CC74 slide per channel (the engine gives the notes of that channel their own
/// loudness and grid Y: with MPE, each note);</item>
/// <item>MPE zones (<see cref="MpeZones"/>, configured by RPN 6 or at construction): each member channel's
/// bend goes to that channel's note only, the manager channel's bend is added to every member's.</item>
/// </list>
/// Stateful (RPN selection, MSBs, bends) and not thread-safe: one thread at a time (the
/// <see cref="MidiRouter"/> serializes live inputs). Allocation-free per message.
/// </summary>
public sealed class MidiPerformanceMapper
{
    public const float MpeMemberBendRange = 48f;
    public const float MpeManagerBendRange = 2f;

    private readonly MidiControlMapper _basic;
    private readonly float _defaultRange;
    private readonly int _instrumentCount;
    private readonly float[] _range = new float[16];
    private readonly float[] _bend = new float[16]; // semitones, own channel only
    private readonly int[] _rpnMsb = new int[16];
    private readonly int[] _rpnLsb = new int[16];
    private readonly bool[] _nrpn = new bool[16];
    private readonly int[] _rangeSemitones = new int[16];
    private readonly int[] _msb = new int[ControlTargets.Count];
    private readonly int[] _memberNote = new int[16];
    private readonly int[] _bank = new int[16];

    /// <param name="state">The targets the grid and knobs are at (shared with the control hub when live): a CC for
    /// one axis of the grid keeps the other where it is.</param>
    /// <param name="pitchBendRange">Semitones of a full bend on channels without RPN 0.</param>
    /// <param name="channel">0..15: answer this channel only (MPE zones excepted); -1: omni.</param>
    /// <param name="mpeLowerZoneMembers">Member channels of an MPE lower zone set up from the start (0: none until an MCM arrives).</param>
    /// <param name="instrumentCount">Instruments in the model: corner CC values above it are clamped.</param>
    public MidiPerformanceMapper(InstrumentState state, float pitchBendRange = 2f, int channel = -1, int mpeLowerZoneMembers = 0, int instrumentCount = 128)
    {
        ArgumentNullException.ThrowIfNull(state);
        if (channel is < -1 or > 15) throw new ArgumentOutOfRangeException(nameof(channel), channel, "expected -1 (omni) or 0..15");
        State = state;
        Channel = channel;
        _defaultRange = pitchBendRange;
        _instrumentCount = Math.Max(1, instrumentCount);
        _basic = new MidiControlMapper(pitchBendRange, -1);
        Array.Fill(_range, pitchBendRange);
        Array.Fill(_rpnMsb, 127);
        Array.Fill(_rpnLsb, 127);
        Array.Fill(_msb, -1);
        Array.Fill(_memberNote, -1);
        if (mpeLowerZoneMembers > 0) ConfigureMpe(MpeZones.LowerManager, mpeLowerZoneMembers);
    }

    public InstrumentState State { get; }

    /// <summary>-1 = omni, else the one channel (0..15) the box answers outside MPE zones.</summary>
    public int Channel { get; set; }

    public MpeZones Mpe { get; } = new();

    /// <summary>Index of the first user sound in the box's instrument list (after the model's): Bank Select 1 counts from it.</summary>
    public int UserSoundsStart { get; init; } = int.MaxValue;

    /// <summary>Which controllers drive the grid, knobs and corners (default: the documented <see cref="CcMap"/>).</summary>
    public CcAssignments Assignments { get; set; } = CcAssignments.Default;

    /// <summary>Learned controllers, consulted before <see cref="Assignments"/> (null: none).</summary>
    public MidiLearn? Learn { get; set; }

    /// <summary>Called when an MPE Configuration Message changed the zones (for the log).</summary>
    public Action<MpeZones>? MpeConfigured { get; set; }

    /// <summary>The bend range (semitones) now in effect on a channel.</summary>
    public float PitchBendRange(int channel) => _range[channel];

    /// <summary>Maps one message; posts 0..16 events to <paramref name="sink"/> (a manager-channel bend reaches every member).</summary>
    public void Map(in MidiMessage message, IControlSink sink)
    {
        if (!message.IsChannelMessage) return;
        var ch = message.Channel;
        var mpe = Mpe.Enabled && Mpe.InZone(ch);
        if (!mpe && Channel >= 0 && ch != Channel && !IsMpeConfiguration(message)) return;
        switch (message.Type)
        {
            case MidiMessageType.PitchBend:
                Bend(ch, message.PitchBendValue, sink);
                return;
            case MidiMessageType.ControlChange:
                Controller(ch, message.Data1, message.Data2, sink);
                return;
            case MidiMessageType.ProgramChange:
                if (!Mpe.IsMember(ch, out _)) Emit(ControlEvent.RecallPatch(message.Data1), sink);
                return;
            case MidiMessageType.PolyPressure:
                // MPE allows a member channel's pressure as poly pressure on its note.
                if (Mpe.IsMember(ch, out _) && message.Data1 == _memberNote[ch]) Emit(ControlEvent.Pressure(message.Data2 / 127f, (byte)ch), sink);
                return;
            case MidiMessageType.NoteOn:
                if (Mpe.IsMember(ch, out _)) _memberNote[ch] = message.Data1;
                break;
        }
        if (_basic.TryMap(message, out var e)) Emit(e, sink);
    }

    private static bool IsMpeConfiguration(in MidiMessage m) =>
        m.Type == MidiMessageType.ControlChange && m.Channel is MpeZones.LowerManager or MpeZones.UpperManager && m.Data1 is 6 or 100 or 101;

    private void Emit(in ControlEvent e, IControlSink sink)
    {
        State.Apply(e);
        sink.Post(e);
    }

    private void Bend(int ch, int raw, IControlSink sink)
    {
        var semitones = raw / 8192f * _range[ch];
        if (Mpe.IsMember(ch, out var manager))
        {
            _bend[ch] = semitones;
            Emit(ControlEvent.PitchBend(semitones + _bend[manager], (byte)ch), sink);
            return;
        }
        _bend[ch] = semitones;
        Emit(ControlEvent.PitchBend(semitones, (byte)ch), sink);
        if (!Mpe.IsManager(ch)) return;
        // The manager channel bends the whole zone: each member gets its own bend plus the zone's.
        var (first, last) = Mpe.Members(ch);
        for (var m = first; m <= last; m++) Emit(ControlEvent.PitchBend(_bend[m] + semitones, (byte)m), sink);
    }

    private void Controller(int ch, int cc, int value, IControlSink sink)
    {
        switch (cc)
        {
            case CcMap.BankSelect:
                _bank[ch] = value;
                return;
            case 101:
                _rpnMsb[ch] = value;
                _nrpn[ch] = false;
                return;
            case 100:
                _rpnLsb[ch] = value;
                _nrpn[ch] = false;
                return;
            case 99:
            case 98:
                _nrpn[ch] = true;
                return;
            case 6:
                DataEntry(ch, value, lsb: null);
                return;
            case 38:
                DataEntry(ch, null, lsb: value);
                return;
        }
        if (Mpe.IsMember(ch, out _))
        {
            // A member channel carries one note: its slide (CC74) is the note's own; other controllers belong to the manager.
            if (cc == 74 && _basic.TryMap(MidiMessage.ControlChange(ch, cc, value), out var slide)) Emit(slide, sink);
            return;
        }
        var learn = Learn;
        if (learn is not null && MidiLearn.IsLearnable(cc))
        {
            learn.TryLearn(ch, cc);
            if (learn.TryGetTarget(ch, cc, out var learned))
            {
                Target(learned, ch, cc, value, isLsb: false, sevenBit: true, sink);
                return;
            }
        }
        var map = Assignments;
        var target = map.TargetOf(cc, out var isLsb);
        if (target != ControlTarget.None)
        {
            Target(target, ch, cc, value, isLsb, sevenBit: !map.Is14Bit(target), sink);
            return;
        }
        if (_basic.TryMap(MidiMessage.ControlChange(ch, cc, value), out var e)) Emit(e, sink);
    }

    private void Target(ControlTarget target, int ch, int cc, int value, bool isLsb, bool sevenBit, IControlSink sink)
    {
        if (target.IsCorner())
        {
            // Bank 1 counts the user's sounds from the first; bank 0 is the instrument number itself.
            var instrument = _bank[ch] == 1 && UserSoundsStart < _instrumentCount ? UserSoundsStart + value : value;
            Emit(ControlEvent.SetCorner(target.Corner(), Math.Min(instrument, _instrumentCount - 1)), sink);
            return;
        }
        float v;
        if (sevenBit)
        {
            v = value / 127f;
        }
        else if (!isLsb)
        {
            // A new MSB: the LSB counts as 0 until it comes; an MSB alone spans the whole range.
            _msb[(int)target] = value;
            v = CcMap.FromMsb(value);
        }
        else
        {
            var msb = _msb[(int)target];
            if (msb < 0) msb = CcMap.To14Bit(Current(target)) >> 7;
            v = CcMap.From14Bit(msb, value);
        }
        var e = target switch
        {
            ControlTarget.X => ControlEvent.Position2D(v, State.Y),
            ControlTarget.Y => ControlEvent.Position2D(State.X, v),
            _ => ControlEvent.SetKnob(target.Knob(), v),
        };
        Emit(e, sink);
    }

    private float Current(ControlTarget target) => target switch
    {
        ControlTarget.X => State.X,
        ControlTarget.Y => State.Y,
        _ => State.Knob(target.Knob()),
    };

    private void DataEntry(int ch, int? msb, int? lsb)
    {
        if (_nrpn[ch] || _rpnMsb[ch] != 0) return;
        switch (_rpnLsb[ch])
        {
            case 0: // pitch bend sensitivity: MSB semitones, LSB cents
                if (msb is not null) _rangeSemitones[ch] = msb.Value;
                SetBendRange(ch, _rangeSemitones[ch] + (lsb ?? 0) / 100f);
                break;
            case 6 when msb is not null && ch is MpeZones.LowerManager or MpeZones.UpperManager:
                ConfigureMpe(ch, msb.Value);
                MpeConfigured?.Invoke(Mpe);
                break;
        }
    }

    private void SetBendRange(int ch, float semitones)
    {
        if (Mpe.IsMember(ch, out var manager))
        {
            // MPE: RPN 0 on any member channel sets the range of all the zone's members.
            var (first, last) = Mpe.Members(manager);
            for (var m = first; m <= last; m++) _range[m] = semitones;
            return;
        }
        _range[ch] = semitones;
    }

    private void ConfigureMpe(int manager, int members)
    {
        Mpe.Configure(manager, members);
        // MPE's defaults: members bend +-48 semitones, managers +-2; bends start centred.
        for (var ch = 0; ch < 16; ch++)
        {
            _range[ch] = Mpe.IsMember(ch, out _) ? MpeMemberBendRange : Mpe.IsManager(ch) ? MpeManagerBendRange : _defaultRange;
            _bend[ch] = 0f;
            _memberNote[ch] = -1;
        }
    }
}
