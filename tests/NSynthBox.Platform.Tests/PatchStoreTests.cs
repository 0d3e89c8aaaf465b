using NSynthBox.Neural;
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
    public void A_patch_finds_its_imported_sound_after_another_sound_is_removed()
    {
        var model = TestModel.Model;
        var n = model.Instruments.Count;
        float[] Code(int i) => model.Instruments[i].Code;
        var before = model.WithExtraInstruments([("Old kalimba", Code(1)), ("My cello", Code(2))]);
        var after = model.WithExtraInstruments([("My cello", Code(2))]); // "Old kalimba" removed: "My cello" moves down
        var saved = new Patch([n + 1, 0, 4, n], 0.5f, 0.5f, [0f, 0f, 0f, 0f, 0f, 0f]).Named(before);
        var reread = PatchStore.FromJson(PatchStore.ToJson(saved), "patch-01.json");
        Assert.Equal(["My cello", model.Instruments[0].Name, model.Instruments[4].Name, "Old kalimba"], reread.CornerNames);

        var problems = new List<string>();
        var recalled = reread.Resolved(after, problems.Add);
        Assert.Equal(n, recalled.Corners[0]); // the same sound under its new number
        Assert.Equal([0, 4], recalled.Corners.Skip(1).Take(2));
        Assert.Equal(-1, recalled.Corners[3]); // the removed sound: that corner stays as it is
        Assert.DoesNotContain(recalled.ToEvents(), e => e.Kind == ControlKind.Corner && e.Index == 3);
        Assert.Contains("'Old kalimba' is not an instrument any more", Assert.Single(problems));
    }

    [Fact]
    public void Renaming_a_sound_renames_it_in_the_patches_that_use_it()
    {
        using var dir = new TempDirectory();
        var model = TestModel.Model.WithExtraInstruments([("My cello", TestModel.Model.Instruments[2].Code)]);
        var n = TestModel.Model.Instruments.Count;
        var store = new PatchStore(dir.Path);
        store.Save(0, new Patch([n, 1, 2, 3], 0.5f, 0.5f, [0f, 0f, 0f, 0f, 0f, 0f]).Named(model));
        store.Save(1, new Patch([0, 1, 2, 3], 0.5f, 0.5f, [0f, 0f, 0f, 0f, 0f, 0f]).Named(model));

        Assert.Equal(1, store.RenameInstrument("my CELLO", "Cello take 2"));
        var renamed = TestModel.Model.WithExtraInstruments([("Cello take 2", TestModel.Model.Instruments[2].Code)]);
        var reread = new PatchStore(dir.Path);
        Assert.Equal("Cello take 2", reread.Get(0)!.CornerNames![0]);
        Assert.Equal(n, reread.Get(0)!.Resolved(renamed).Corners[0]);
        Assert.Equal(TestModel.Model.Instruments[0].Name, reread.Get(1)!.CornerNames![0]);
    }

    [Fact]
    public void A_patch_saved_before_names_were_kept_recalls_by_number()
    {
        var json = """{"version":1,"corners":[1,2,3,4],"x":0.5,"y":0.5,"knobs":{"attack":0,"decay":0,"sustain":0,"release":0,"position":0,"volume":0}}""";
        var patch = PatchStore.FromJson(json, "patch-01.json");
        Assert.Null(patch.CornerNames);
        Assert.Equal([1, 2, 3, 4], patch.Resolved(TestModel.Model).Corners);
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
