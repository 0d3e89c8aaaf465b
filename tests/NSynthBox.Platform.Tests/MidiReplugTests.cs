using Microsoft.Extensions.Logging;
using NSynthBox.Midi;
using NSynthBox.Platform.Midi;
using NSynthBox.Tests.Shared;

namespace NSynthBox.Platform.Tests;

/// <summary>A MIDI keyboard unplugged and plugged back in while the box runs: it plays again without a restart.</summary>
public sealed class MidiReplugTests
{
    private static RawMidiInput Input(string path, MessageCollector messages, ListLogger logger) =>
        new(path, messages, logger, retryMin: TimeSpan.FromMilliseconds(5), retryMax: TimeSpan.FromMilliseconds(50));

    [Fact]
    public void Fifo_removed_and_created_again_is_opened_anew_and_plays()
    {
        using var dir = new TempDirectory();
        var path = dir.File("midi");
        Fifo.Create(path);
        var messages = new MessageCollector();
        var logger = new ListLogger();
        using var input = Input(path, messages, logger);
        input.Start();
        Assert.True(Wait.Until(() => input.IsOpen));
        using (var writer = Fifo.OpenWriter(path)) writer.Write([0x90, 60, 100]);
        Assert.Single(messages.WaitForCount(1));

        File.Delete(path);   // unplugged: the node goes away...
        Fifo.Create(path);   // ...and a new one appears at the same path
        Assert.True(Wait.Until(() => input.Opens == 2 && input.IsOpen), $"not reopened ({input.Opens} opens)");
        using (var writer = Fifo.OpenWriter(path)) writer.Write([0x90, 62, 100]);

        Assert.Equal([MidiMessage.NoteOn(0, 60, 100), MidiMessage.NoteOn(0, 62, 100)], messages.WaitForCount(2));
        Assert.Single(logger.Lines, l => l.Contains("disappeared"));
        Assert.Single(logger.Lines, l => l.Contains("is back"));
    }

    [Fact]
    public void Serial_adapter_behind_a_by_id_link_closed_and_recreated_plays_again()
    {
        // udev's /dev/serial/by-id/... link stays the same name while the tty behind it changes on a replug.
        using var dir = new TempDirectory();
        var link = dir.File("usb-MIDI_Adapter-if00");
        var first = PseudoTerminal.Open();
        File.CreateSymbolicLink(link, first.SlavePath);
        var messages = new MessageCollector();
        var logger = new ListLogger();
        using var input = Input(link, messages, logger);
        input.Start();
        Assert.True(Wait.Until(() => input.IsOpen));
        first.Write([0x90, 60, 100]);
        Assert.Single(messages.WaitForCount(1));

        first.Dispose();                                  // unplugged: the tty hangs up
        Assert.True(Wait.Until(() => logger.Lines.Any(l => l.Contains("disappeared"))), string.Join("\n", logger.Lines));
        using var second = PseudoTerminal.Open();         // plugged back in: a new tty
        File.Delete(link);
        File.CreateSymbolicLink(link, second.SlavePath);
        Assert.True(Wait.Until(() => input.IsOpen && input.Opens >= 2), $"not reopened ({input.Opens} opens): {string.Join("\n", logger.Lines)}");
        second.Write([0x90, 64, 100]);

        Assert.Equal([MidiMessage.NoteOn(0, 60, 100), MidiMessage.NoteOn(0, 64, 100)], messages.WaitForCount(2));
        Assert.Contains(logger.Lines, l => l.Contains("is back"));
    }

    [Fact]
    public void Reading_an_input_that_stays_plugged_in_reopens_nothing()
    {
        using var dir = new TempDirectory();
        var path = dir.File("midi");
        Fifo.Create(path);
        var messages = new MessageCollector();
        using var input = Input(path, messages, new ListLogger());
        input.Start();
        Assert.True(Wait.Until(() => input.IsOpen));
        Thread.Sleep(2500); // two identity checks
        using (var writer = Fifo.OpenWriter(path)) writer.Write([0x90, 60, 100]);

        Assert.Single(messages.WaitForCount(1));
        Assert.Equal(1, input.Opens);
    }

    private sealed class OneLoggerFactory(ListLogger logger) : ILoggerFactory
    {
        public ILogger CreateLogger(string categoryName) => logger;
        public void AddProvider(ILoggerProvider provider) { }
        public void Dispose() { }
    }

    [Fact]
    public void The_running_box_plays_a_keyboard_that_was_unplugged_and_plugged_back_in()
    {
        using var dir = new TempDirectory();
        var path = dir.File("midi");
        Fifo.Create(path);
        var config = BoxConfigReader.Load(null, new Dictionary<string, string?>
        {
            ["Audio:Sink"] = "null", ["Audio:RealtimePriority"] = "0", ["Audio:LockMemory"] = "false", ["Midi:Sequencer"] = "false",
            ["Midi:Inputs:0"] = path, ["Panel:Mode"] = "none", ["State:Directory"] = dir.File("state"), ["Model:Path"] = RepoPaths.Model,
        }, defaultPath: null);
        using var box = LiveBox.Create(config, new OneLoggerFactory(new ListLogger()));
        box.Start();
        var input = (RawMidiInput)box.Inputs.Single();
        Assert.True(Wait.Until(() => input.IsOpen));
        using (var keyboard = Fifo.OpenWriter(path)) keyboard.Write([0x90, 60, 100]);
        Assert.True(Wait.Until(() => box.Engine.Snapshot.ActiveVoices == 1));

        File.Delete(path);
        Thread.Sleep(300); // unplugged for a moment; the box plays on
        Fifo.Create(path);
        Assert.True(Wait.Until(() => input.Opens == 2 && input.IsOpen), "the keyboard was not picked up again");
        using (var keyboard = Fifo.OpenWriter(path)) keyboard.Write([0x90, 64, 100]);

        Assert.True(Wait.Until(() => box.Engine.Snapshot.ActiveVoices == 2), "the note from the replugged keyboard was not played");
        box.Stop();
    }
}
