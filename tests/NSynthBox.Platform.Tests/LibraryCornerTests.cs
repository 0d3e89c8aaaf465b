using Microsoft.Extensions.Logging;
using NSynthBox.Engine;
using NSynthBox.Platform.Sounds;
using NSynthBox.Tests.Shared;
using static NSynthBox.Platform.Tests.Mapping;

namespace NSynthBox.Platform.Tests;

/// <summary>'nsynthbox run' with sounds in the library: the current model's become corners after its instruments, by name, number and MIDI.</summary>
public sealed class LibraryCornerTests
{
    private sealed class ListLogger : ILogger, ILoggerFactory
    {
        public List<string> Lines { get; } = [];
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;
        public bool IsEnabled(LogLevel logLevel) => true;
        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            lock (Lines) Lines.Add(formatter(state, exception));
        }
        public ILogger CreateLogger(string categoryName) => this;
        public void AddProvider(ILoggerProvider provider) { }
        public void Dispose() { }
    }

    [Fact]
    public void Library_sounds_of_the_model_are_corners_after_its_instruments_and_others_are_flagged()
    {
        using var dir = new TempDirectory();
        var model = TestModel.Model;
        var library = new SoundLibrary(dir.File("state"));
        var trumpet = model.FindInstrument("Trumpet").Code;
        library.Add("Glass", trumpet, model.Name, model.DecoderSha256, [261.63], 4, "test", [], DateTimeOffset.UnixEpoch);
        library.Add("Old bell", new float[model.LatentSize], "hpn-v0", new string('b', 64), [440], 3, "test", [], DateTimeOffset.UnixEpoch.AddDays(1));
        library.Add("Wood", model.FindInstrument("Flute").Code, model.Name, model.DecoderSha256, [220], 4, "test", [], DateTimeOffset.UnixEpoch.AddDays(2));
        var config = BoxConfigReader.Load(null, new Dictionary<string, string?>
        {
            ["Audio:Sink"] = "null", ["Audio:RealtimePriority"] = "0", ["Audio:LockMemory"] = "false", ["Midi:Sequencer"] = "false",
            ["Panel:Mode"] = "none", ["State:Directory"] = dir.File("state"), ["Model:Path"] = RepoPaths.Model,
            ["Engine:Corners:0"] = "Glass", ["Engine:Corners:1"] = "Flute", ["Engine:Corners:2"] = "wood", ["Engine:Corners:3"] = "Cello",
        }, defaultPath: null);
        var log = new ListLogger();

        using var box = LiveBox.Create(config, log);

        var count = model.Instruments.Count;
        Assert.Equal(count + 2, box.Model.Instruments.Count);
        Assert.Equal(["Glass", "Wood"], box.Model.Instruments.Skip(count).Select(i => i.Name));
        Assert.Equal(trumpet, box.Model.Instruments[count].Code);
        Assert.Equal([count, model.FindInstrument("Flute").Index, count + 1, model.FindInstrument("Cello").Index], box.Engine.Snapshot.Corners);
        Assert.Contains(log.Lines, l => l.Contains("sound 'Old bell' was encoded for model hpn-v0", StringComparison.Ordinal) && l.Contains("import its recordings again", StringComparison.Ordinal));
        Assert.Contains($"({count} instruments + 2 of your sounds", box.StartupLine(), StringComparison.Ordinal);
        // MIDI: the corner controller reaches them by number, and on bank 1 by their place among the user's sounds.
        Assert.Equal([ControlEvent.SetCorner(1, count + 1), ControlEvent.SetCorner(2, count)], Map(box.Mapper, Cc(0, 27, count + 1), Cc(0, 0, 1), Cc(0, 28, 0)));
    }

    [Fact]
    public void A_corner_naming_a_sound_of_another_model_is_a_config_error()
    {
        using var dir = new TempDirectory();
        var model = TestModel.Model;
        new SoundLibrary(dir.File("state")).Add("Old bell", new float[model.LatentSize], "hpn-v0", new string('b', 64), [440], 3, "test", []);
        var config = BoxConfigReader.Load(null, new Dictionary<string, string?>
        {
            ["Audio:Sink"] = "null", ["Midi:Sequencer"] = "false", ["Panel:Mode"] = "none", ["State:Directory"] = dir.File("state"),
            ["Model:Path"] = RepoPaths.Model, ["Engine:Corners:0"] = "Old bell", ["Engine:Corners:1"] = "Flute", ["Engine:Corners:2"] = "Cello", ["Engine:Corners:3"] = "Trumpet",
        }, defaultPath: null);

        var e = Assert.Throws<UserInputException>(() => LiveBox.Create(config, new ListLogger()));

        Assert.Contains("Engine:Corners:0 = 'Old bell': instrument 'Old bell': no such name", e.Message, StringComparison.Ordinal);
    }
}
