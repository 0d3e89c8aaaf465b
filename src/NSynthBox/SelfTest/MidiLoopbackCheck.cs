using Microsoft.Extensions.Logging;
using NSynthBox.Hardware;
using NSynthBox.Midi;
using NSynthBox.Platform.Midi;

namespace NSynthBox;

/// <summary>
/// The self-test's MIDI step: with a DIN cable from MIDI OUT to MIDI IN, a few notes go out of the
/// configured raw output (the UART) and must come back on the configured raw input, in order.
/// </summary>
internal static class MidiLoopbackCheck
{
    /// <summary>On channel 16, so a synth that happens to be connected plays at most three quiet notes.</summary>
    private static readonly MidiMessage[] Pattern =
        [MidiMessage.NoteOn(15, 60, 1), MidiMessage.NoteOff(15, 60), MidiMessage.NoteOn(15, 67, 2), MidiMessage.NoteOff(15, 67), MidiMessage.ControlChange(15, 119, 85)];

    public static TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(2);

    public static SelfTestLine Run(MidiSection midi, ILoggerFactory loggers, ISelfTestGuide guide)
    {
        var input = midi.Inputs.FirstOrDefault();
        var output = midi.Outputs.FirstOrDefault(o => !o.Path.StartsWith("seq:", StringComparison.Ordinal));
        if (input is null || output is null)
            return new SelfTestLine(SelfTestStatus.Warning, "MIDI loopback skipped: the config has no raw Midi:Inputs and Midi:Outputs (the installed box has the board's UART in both)");
        guide.Instruct("MIDI", $"Connect a 5-pin DIN MIDI cable from MIDI OUT to MIDI IN (bytes go out on {output.Path} and must come back on {input.Path}).");
        if (!guide.Ask("Is the cable connected?"))
            return new SelfTestLine(SelfTestStatus.Warning, "MIDI loopback skipped (no cable)");

        var log = loggers.CreateLogger("selftest");
        var received = new Received();
        using var reader = new RawMidiInput(input.Path, received, log, input.Baud);
        reader.Start();
        var openBy = DateTime.UtcNow + Timeout;
        while (!reader.IsOpen && DateTime.UtcNow < openBy) Thread.Sleep(5);
        if (!reader.IsOpen)
            return new SelfTestLine(SelfTestStatus.Fail, $"MIDI IN {input.Path} cannot be opened: check the UART is enabled (enable_uart=1 and the midi-uart overlay) and the user is in the dialout group");
        using (var writer = new RawMidiOutput(output.Path, log, output.Baud))
        {
            foreach (var m in Pattern) writer.Send(m);
            var end = DateTime.UtcNow + Timeout;
            while (received.Count < Pattern.Length && DateTime.UtcNow < end) Thread.Sleep(5);
        }
        reader.Stop();
        var got = received.Messages();
        if (got.SequenceEqual(Pattern))
            return new SelfTestLine(SelfTestStatus.Ok, $"MIDI loopback: {Pattern.Length} messages sent on {output.Path} came back on {input.Path}");
        if (got.Length == 0 && reader.MalformedBytes == 0)
            return new SelfTestLine(SelfTestStatus.Fail, "MIDI loopback: nothing came back. MIDI OUT: J3 pin 4 through R4 to +3V3 (via the buffer), pin 5 through R5 to TXD (header pin 8). " +
                                                         "MIDI IN: J2 pin 4 through R1 to U6 pin 2, pin 5 to U6 pin 3, D1's band to pin 2, U6 pin 6 to RXD (header pin 10) with R2 to +3V3; the serial console must be off");
        return new SelfTestLine(SelfTestStatus.Fail, $"MIDI loopback: {got.Length} of {Pattern.Length} messages came back ({reader.MalformedBytes} bytes garbled): the baud rate is wrong (the midi-uart overlay makes 38400 mean 31250) or the line is noisy");
    }

    private sealed class Received : IMidiMessageHandler
    {
        private readonly List<MidiMessage> _messages = [];

        public int Count
        {
            get { lock (_messages) return _messages.Count; }
        }

        public MidiMessage[] Messages()
        {
            lock (_messages) return [.. _messages];
        }

        public void OnMessage(in MidiMessage message)
        {
            lock (_messages) _messages.Add(message);
        }

        public void OnSysEx(ReadOnlySpan<byte> message)
        {
        }
    }
}
