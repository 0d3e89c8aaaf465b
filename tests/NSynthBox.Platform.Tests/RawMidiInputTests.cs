using NSynthBox.Midi;
using NSynthBox.Platform.Midi;

namespace NSynthBox.Platform.Tests;

public sealed class RawMidiInputTests
{
    [Fact]
    public void Bytes_written_into_a_fifo_arrive_as_messages()
    {
        using var dir = new TempDirectory();
        var path = dir.File("midi");
        Fifo.Create(path);
        var messages = new MessageCollector();
        using var input = new RawMidiInput(path, messages);
        input.Start();
        Assert.True(Wait.Until(() => input.IsOpen)); // a FIFO keeps no data once its last writer closes with no reader
        using (var writer = Fifo.OpenWriter(path))
        {
            // Note On, then running status (two more notes without a status byte), a clock byte in the middle of a message, Note Off.
            writer.Write([0x90, 60, 100, 64, 90]);
            writer.Write([67, 0xF8, 80]);
            writer.Write([0x80, 60, 0]);
        }
        var got = messages.WaitForCount(5);

        Assert.Equal(
        [
            MidiMessage.NoteOn(0, 60, 100), MidiMessage.NoteOn(0, 64, 90), new MidiMessage(0xF8), MidiMessage.NoteOn(0, 67, 80), MidiMessage.NoteOff(0, 60),
        ], got);
        Assert.Equal(11, input.BytesRead);
    }

    [Fact]
    public void Fifo_input_keeps_listening_after_a_writer_closes()
    {
        using var dir = new TempDirectory();
        var path = dir.File("midi");
        Fifo.Create(path);
        var messages = new MessageCollector();
        using var input = new RawMidiInput(path, messages);
        input.Start();
        Assert.True(Wait.Until(() => input.IsOpen));
        using (var first = Fifo.OpenWriter(path)) first.Write([0x90, 60, 100]);
        messages.WaitForCount(1);
        using (var second = Fifo.OpenWriter(path)) second.Write([0x90, 62, 100]);

        Assert.Equal(2, messages.WaitForCount(2).Count);
        Assert.Equal(1, input.Opens); // one open for both writers: no end-of-file, no reopen
    }

    [Fact]
    public void Bytes_from_a_pseudo_terminal_arrive_and_the_line_is_raw()
    {
        using var pty = PseudoTerminal.Open();
        var messages = new MessageCollector();
        using var input = new RawMidiInput(pty.SlavePath, messages, baud: 38400);
        input.Start();
        Assert.True(Wait.Until(() => input.IsOpen));
        // 0x03 would be Ctrl+C, 0x0D a carriage return and 0x7F a delete on a cooked terminal.
        pty.Write([0xB0, 0x03, 0x7F, 0x90, 0x0D, 0x40, 0xE0, 0x00, 0x40]);
        var got = messages.WaitForCount(3);

        Assert.Equal([MidiMessage.ControlChange(0, 3, 127), MidiMessage.NoteOn(0, 13, 64), MidiMessage.PitchBend(0, 0)], got);
    }

    [Fact]
    public void Input_that_is_missing_is_reported_once_and_picked_up_when_it_appears()
    {
        using var dir = new TempDirectory();
        var path = dir.File("later");
        var messages = new MessageCollector();
        var logger = new ListLogger();
        using var input = new RawMidiInput(path, messages, logger, retryMin: TimeSpan.FromMilliseconds(5), retryMax: TimeSpan.FromMilliseconds(20));
        input.Start();
        Assert.True(Wait.Until(() => logger.Lines.Count > 0));
        Thread.Sleep(60);
        Fifo.Create(path); // the keyboard is plugged in
        Assert.True(Wait.Until(() => input.IsOpen));
        using (var writer = Fifo.OpenWriter(path)) writer.Write([0x90, 60, 1]);

        Assert.Single(messages.WaitForCount(1));
        Assert.Single(logger.Lines, l => l.Contains("not found"));
        Assert.Contains(logger.Lines, l => l.Contains("is back"));
    }

    [Fact]
    public void Plain_file_is_read_once_to_its_end()
    {
        using var dir = new TempDirectory();
        var path = dir.File("take.raw");
        File.WriteAllBytes(path, [0x90, 60, 100, 0x80, 60, 0]);
        var messages = new MessageCollector();
        var logger = new ListLogger();
        using var input = new RawMidiInput(path, messages, logger);
        input.Start();

        Assert.Equal(2, messages.WaitForCount(2).Count);
        Assert.True(Wait.Until(() => logger.Lines.Any(l => l.Contains("end of file"))));
    }

    [Fact]
    public void Terminal_is_set_raw_at_the_asked_rate()
    {
        using var pty = PseudoTerminal.Open();
        var fd = Native.LibC.Open(pty.SlavePath, Native.LibC.O_RDWR | Native.LibC.O_NOCTTY, 0);
        Assert.True(fd >= 0);
        try
        {
            Assert.False(SerialLine.IsRaw(fd)); // a fresh terminal is cooked
            SerialLine.ConfigureRaw(fd, 38400, pty.SlavePath);
            Assert.True(SerialLine.IsRaw(fd));
            Assert.Equal(38400, SerialLine.ReadBaud(fd));
        }
        finally
        {
            Native.LibC.Close(fd);
        }
    }

    [Fact]
    public void Raw_output_writes_message_bytes_into_a_fifo()
    {
        using var dir = new TempDirectory();
        var path = dir.File("out");
        Fifo.Create(path);
        var messages = new MessageCollector();
        using var reader = new RawMidiInput(path, messages);
        reader.Start();
        using var output = new RawMidiOutput(path);
        output.Send(MidiMessage.ControlChange(2, 16, 64));
        output.Send(MidiMessage.ProgramChange(2, 5));

        Assert.Equal([MidiMessage.ControlChange(2, 16, 64), MidiMessage.ProgramChange(2, 5)], messages.WaitForCount(2));
        Assert.Equal(2, output.Sent);
    }
}
