using CsCheck;
using NSynthBox.Midi;

namespace NSynthBox.Fuzz.Tests;

/// <summary>
/// Builds a MIDI byte stream from known parts and says what a correct parser must report for
/// it: the messages in delivery order, the bytes it must skip as malformed and the SysEx it
/// must drop. Written independently of the parser, from MIDI 1.0 and the parser's documented
/// counting rules.
/// </summary>
internal static class MidiStreams
{
    public enum Kind
    {
        /// <summary>Channel message; <see cref="Item.Flag"/>: may use running status.</summary>
        Channel,

        /// <summary>0xF1, 0xF2, 0xF3 or 0xF6 with its data.</summary>
        SystemCommon,

        /// <summary>0xF0 data 0xF7.</summary>
        SysEx,

        /// <summary>0xF4, 0xF5, 0xF9 or 0xFD: undefined, skipped and counted.</summary>
        Undefined,

        /// <summary>0xF7 outside a SysEx.</summary>
        StrayEndOfExclusive,

        /// <summary>Data bytes with no status to apply to.</summary>
        OrphanData,

        /// <summary>A status byte and fewer data bytes than it needs, then the next status.</summary>
        Partial,

        /// <summary>0xF0 and data, cut short by the next status byte other than 0xF7.</summary>
        CutSysEx,
    }

    public sealed record Item(Kind Kind, byte Status, byte[] Data, bool Flag)
    {
        public override string ToString() => $"{Kind} {Status:X2} {Convert.ToHexString(Data)}{(Flag ? " +rs" : "")}";
    }

    private static readonly Gen<byte[]> DataBytes = Gen.Byte[0, 0x7F].Array[0, 24];

    public static readonly Gen<Item> Items = Gen.Frequency(
        (8, Gen.Select(Gen.Byte[0x80, 0xEF], Gen.Byte[0, 0x7F], Gen.Frequency((1, Gen.Const((byte)0)), (4, Gen.Byte[0, 0x7F])), Gen.Bool,
            (status, d1, d2, running) => new Item(Kind.Channel, status, [d1, d2], running))),
        (2, Gen.Select(Gen.OneOf<byte>(0xF1, 0xF2, 0xF3, 0xF6), Gen.Byte[0, 0x7F], Gen.Byte[0, 0x7F],
            (status, d1, d2) => new Item(Kind.SystemCommon, status, [d1, d2], false))),
        (2, DataBytes.Select(data => new Item(Kind.SysEx, 0xF0, data, false))),
        (1, Gen.OneOf<byte>(0xF4, 0xF5, 0xF9, 0xFD).Select(b => new Item(Kind.Undefined, b, [], false))),
        (1, Gen.Const(new Item(Kind.StrayEndOfExclusive, 0xF7, [], false))),
        (1, Gen.Byte[0, 0x7F].Array[1, 4].Select(data => new Item(Kind.OrphanData, 0, data, false))),
        (1, Gen.Select(Gen.OneOf(Gen.Byte[0x80, 0xEF], Gen.OneOf<byte>(0xF1, 0xF2, 0xF3)), Gen.Byte[0, 0x7F], Gen.Bool,
            (status, d1, withData) => new Item(Kind.Partial, status, withData && DataLength(status) == 2 ? [d1] : [], false))),
        (1, DataBytes.Select(data => new Item(Kind.CutSysEx, 0xF0, data, false))));

    public sealed record Expected(byte[] Bytes, List<string> Log, long MalformedBytes, long DroppedSysEx);

    public static Expected Build(Item[] items, int maxSysExLength, double[] realTimeAt, byte[] realTime)
    {
        var entries = new List<(byte Byte, string? Event)>();
        long malformed = 0, dropped = 0;
        long pendingPartial = 0; // malformed once a status byte cuts the partial message short
        bool pendingCutSysEx = false;
        byte running = 0; // status that data bytes apply to in the parser; 0: none
        bool forceStatus = false; // after a partial message: the next message must carry its status

        void Status(byte status)
        {
            entries.Add((status, null));
            malformed += pendingPartial;
            pendingPartial = 0;
            if (pendingCutSysEx)
            {
                dropped++;
                pendingCutSysEx = false;
            }
        }

        void Data(ReadOnlySpan<byte> data)
        {
            foreach (byte b in data)
            {
                entries.Add((b, null));
            }
        }

        void Event(string text) => entries[^1] = (entries[^1].Byte, text);

        foreach (var item in items)
        {
            switch (item.Kind)
            {
                case Kind.Channel:
                {
                    int length = DataLength(item.Status);
                    if (!(item.Flag && running == item.Status && !forceStatus))
                    {
                        Status(item.Status);
                    }

                    Data(item.Data.AsSpan(0, length));
                    byte d2 = length == 2 ? item.Data[1] : (byte)0;
                    var message = (item.Status & 0xF0) == 0x90 && d2 == 0
                        ? new MidiMessage((byte)(0x80 | (item.Status & 0x0F)), item.Data[0], 0)
                        : new MidiMessage(item.Status, item.Data[0], d2);
                    Event(message.ToString());
                    running = item.Status;
                    forceStatus = false;
                    break;
                }

                case Kind.SystemCommon:
                {
                    int length = DataLength(item.Status);
                    Status(item.Status);
                    Data(item.Data.AsSpan(0, length));
                    Event(new MidiMessage(item.Status, length >= 1 ? item.Data[0] : (byte)0, length == 2 ? item.Data[1] : (byte)0).ToString());
                    running = 0;
                    forceStatus = false;
                    break;
                }

                case Kind.SysEx:
                    Status(0xF0);
                    Data(item.Data);
                    entries.Add((0xF7, null));
                    if (item.Data.Length + 2 <= maxSysExLength)
                    {
                        Event("SysEx " + Convert.ToHexString([0xF0, .. item.Data, 0xF7]));
                    }
                    else
                    {
                        dropped++;
                    }

                    running = 0;
                    forceStatus = false;
                    break;
                case Kind.Undefined when item.Status is 0xF9 or 0xFD:
                    // Real-time range: skipped without touching any other state.
                    entries.Add((item.Status, null));
                    malformed++;
                    break;
                case Kind.Undefined:
                    Status(item.Status);
                    malformed++;
                    running = 0;
                    forceStatus = false;
                    break;
                case Kind.StrayEndOfExclusive when !pendingCutSysEx:
                    Status(0xF7);
                    malformed++;
                    running = 0;
                    forceStatus = false;
                    break;
                case Kind.OrphanData when running == 0 && !forceStatus && !pendingCutSysEx:
                    Data(item.Data);
                    malformed += item.Data.Length;
                    break;
                case Kind.Partial:
                    Status(item.Status);
                    Data(item.Data);
                    pendingPartial = 1 + item.Data.Length;
                    running = 0;
                    forceStatus = true;
                    break;
                case Kind.CutSysEx:
                    Status(0xF0);
                    Data(item.Data);
                    pendingCutSysEx = true;
                    running = 0;
                    forceStatus = true;
                    break;
            }
        }

        // Real-time bytes anywhere: inside messages, inside SysEx, between everything.
        for (int i = 0; i < realTimeAt.Length; i++)
        {
            byte b = realTime[i % realTime.Length];
            int at = Math.Clamp((int)(realTimeAt[i] * (entries.Count + 1)), 0, entries.Count);
            entries.Insert(at, (b, new MidiMessage(b).ToString()));
        }

        return new Expected(
            [.. entries.Select(e => e.Byte)],
            [.. entries.Where(e => e.Event is not null).Select(e => e.Event!)],
            malformed,
            dropped);
    }

    public static int DataLength(byte status) => status switch
    {
        < 0xC0 => 2,
        < 0xE0 => 1,
        < 0xF0 => 2,
        0xF1 or 0xF3 => 1,
        0xF2 => 2,
        _ => 0,
    };
}
