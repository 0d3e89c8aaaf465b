using NSynthBox.Engine;
using NSynthBox.Platform.Audio;
using NSynthBox.Platform.Control;
using NSynthBox.Platform.State;

namespace NSynthBox.Platform.Tests;

public sealed class PatchStoreTests
{
    [Fact]
    public void Patch_saved_and_recalled_through_the_engine()
    {
        using var dir = new TempDirectory();
        using var engine = TestModel.NewEngine(polyphony: 2);
        var hub = new ControlHub(e => engine.Post(e), InstrumentState.FromSnapshot(engine.Snapshot));
        var store = new PatchStore(dir.Path);
        store.Attach(engine, hub);
        using var sink = new NullSink(Options.Audio(period: 256));
        engine.StartWorker(256);
        sink.Start(engine.Render);
        try
        {
            hub.Post(ControlEvent.SetCorner(0, 5), ControlSource.Panel);
            hub.Post(ControlEvent.Position2D(0.2f, 0.3f), ControlSource.Panel);
            hub.Post(ControlEvent.SetKnob(Knob.Decay, 0.7f), ControlSource.Panel);
            hub.Post(ControlEvent.SavePatch(2), ControlSource.Panel);
            Assert.True(Wait.Until(() => File.Exists(store.PathOf(2))), "patch file not written");

            hub.Post(ControlEvent.SetCorner(0, 9), ControlSource.Panel);
            hub.Post(ControlEvent.Position2D(0.9f, 0.9f), ControlSource.Panel);
            hub.Post(ControlEvent.RecallPatch(2), ControlSource.Panel);
            Assert.True(Wait.Until(() => hub.State.X == 0.2f && engine.Snapshot.Corners[0] == 5), "patch not recalled");
            Assert.Equal(0.7f, hub.State.Knob(Knob.Decay));
            Assert.Equal(0.3f, hub.State.Y);
        }
        finally
        {
            sink.Stop();
            engine.StopWorker();
        }
        Assert.EndsWith("patch-03.json", store.PathOf(2));
        var reread = new PatchStore(dir.Path).Get(2)!;
        Assert.Equal(5, reread.Corners[0]);
        Assert.Equal(0.7f, reread.Knobs[(int)Knob.Decay], 1e-5f);
    }

    [Fact]
    public void Patch_file_is_written_atomically_and_reads_back()
    {
        using var dir = new TempDirectory();
        var store = new PatchStore(dir.File("state"));
        var patch = new Patch([1, 2, 3, 4], 0.25f, 0.75f, [0f, 0.1f, 0.2f, 0.3f, 0.4f, 0.5f]);
        store.Save(0, patch);

        Assert.Equal(["patch-01.json"], Directory.GetFiles(dir.File("state")).Select(Path.GetFileName));
        var back = PatchStore.FromJson(File.ReadAllText(store.PathOf(0)), "patch-01.json");
        Assert.Equal(patch.Corners, back.Corners);
        Assert.Equal(patch.X, back.X);
        Assert.Equal(patch.Knobs, back.Knobs);
    }

    [Fact]
    public void Broken_patch_file_is_skipped_and_named()
    {
        using var dir = new TempDirectory();
        File.WriteAllText(Path.Combine(dir.Path, "patch-04.json"), "{\"version\":1,\"corners\":[1,2,3],\"x\":0.5,\"y\":0.5,\"knobs\":{}}");
        var logger = new ListLogger();
        var store = new PatchStore(dir.Path, logger);
        Assert.Null(store.Get(3));
        Assert.Contains(logger.Lines, l => l.Contains("patch-04.json") && l.Contains("expected 4 instrument numbers"));
    }
}
