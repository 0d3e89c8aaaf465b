using NSynthBox.Engine;
using NSynthBox.Platform.Mapping;
using static NSynthBox.Platform.Tests.Mapping;

namespace NSynthBox.Platform.Tests;

public sealed class MidiLearnTests
{
    [Fact]
    public void Next_controller_moved_is_bound_and_saved()
    {
        using var dir = new TempDirectory();
        var path = dir.File(MidiLearn.FileName);
        var learn = new MidiLearn(path);
        var mapper = new MidiPerformanceMapper(DefaultState()) { Learn = learn };
        learn.Arm(ControlTarget.Attack);
        var events = Map(mapper, Cc(3, 74, 127));

        Assert.Equal([ControlEvent.SetKnob(Knob.Attack, 1f)], events); // bound and applied at once
        Assert.Equal(ControlTarget.None, learn.Armed);
        Assert.Equal([new LearnedBinding(3, 74, ControlTarget.Attack)], learn.Bindings);
        Assert.Contains("\"controller\": 74", File.ReadAllText(path));
        Assert.Empty(Directory.GetFiles(dir.Path, "*.tmp"));

        // After a restart the binding is still there, ahead of the default map.
        var reloaded = new MidiPerformanceMapper(DefaultState()) { Learn = new MidiLearn(path) };
        Assert.Equal([ControlEvent.SetKnob(Knob.Attack, 0f)], Map(reloaded, Cc(3, 74, 0)));
        Assert.Equal([ControlEvent.ModWheel(0f)], Map(reloaded, Cc(3, 1, 0)));
    }

    [Fact]
    public void Learned_controller_overrides_the_default_map_and_a_relearn_moves_it()
    {
        var learn = new MidiLearn(null);
        var mapper = new MidiPerformanceMapper(DefaultState()) { Learn = learn };
        learn.Arm(ControlTarget.X);
        Map(mapper, Cc(0, 20, 0)); // CC 20 is the Position knob by default
        Assert.Equal([ControlEvent.Position2D(1f, 0.5f)], Map(mapper, Cc(0, 20, 127)));

        learn.Arm(ControlTarget.X);
        Map(mapper, Cc(0, 21, 0));
        Assert.Equal([new LearnedBinding(0, 21, ControlTarget.X)], learn.Bindings);
        Assert.Equal([ControlEvent.SetKnob(Knob.Position, 1f)], Map(mapper, Cc(0, 20, 127)));
    }

    [Fact]
    public void Data_entry_and_pedal_are_not_learned()
    {
        var learn = new MidiLearn(null);
        var mapper = new MidiPerformanceMapper(DefaultState()) { Learn = learn };
        learn.Arm(ControlTarget.Volume);
        Map(mapper, Cc(0, 64, 127), Cc(0, 101, 0), Cc(0, 6, 3));
        Assert.Equal(ControlTarget.Volume, learn.Armed); // still waiting
        Map(mapper, Cc(0, 7, 100));
        Assert.Equal([new LearnedBinding(0, 7, ControlTarget.Volume)], learn.Bindings);
    }

    [Fact]
    public void Broken_learn_file_is_ignored_with_a_warning()
    {
        using var dir = new TempDirectory();
        var path = dir.File(MidiLearn.FileName);
        File.WriteAllText(path, "{\"version\":1,\"bindings\":[{\"channel\":17,\"controller\":74,\"control\":\"attack\"}]}");
        var logger = new ListLogger();
        var learn = new MidiLearn(path, logger);
        Assert.Empty(learn.Bindings);
        Assert.Contains(logger.Lines, l => l.Contains(path) && l.Contains("channel 1..16"));
    }
}
