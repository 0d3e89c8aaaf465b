using NSynthBox.Engine.Import;
using NSynthBox.Neural;
using NSynthBox.Neural.Encoding;
using NSynthBox.Platform.Sounds;
using NSynthBox.Tests.Shared;

namespace NSynthBox.Platform.Tests;

public sealed class SoundLibraryTests : IDisposable
{
    private readonly TempDirectory _dir = new();
    private readonly SoundLibrary _library;

    public SoundLibraryTests() => _library = new SoundLibrary(_dir.File("state"));

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void An_imported_note_is_stored_with_its_code_model_pitch_and_recording()
    {
        var model = TestModel.Model;
        var encoder = new PitchCodeEncoder(model.LatentSize);
        var wav = Note("cello.wav", 220, 44100);

        var result = SoundImport.Run([wav], "My cello", model, _ => encoder, _library);

        var stored = Assert.Single(_library.Load().Sounds);
        Assert.Equal("My cello", stored.Name);
        Assert.Equal(result.Sound.Id, stored.Id);
        Assert.Equal(model.Name, stored.ModelName);
        Assert.Equal(model.DecoderSha256, stored.DecoderSha256);
        Assert.Equal(PitchCodeEncoder.First(220), stored.Code[0], 3);
        Assert.InRange(Signal.Cents(stored.PitchesHz[0], 220), -3, 3);
        Assert.Equal("pitch-double", stored.Method);
        Assert.Equal(File.ReadAllBytes(wav), File.ReadAllBytes(_library.SourcePath(stored, stored.SourceFiles[0])));
        // The encoder got the note at the model's rate, from its onset.
        var note = Assert.Single(Assert.Single(encoder.Calls));
        Assert.Equal(model.SampleRate, note.SampleRate);
        Assert.Equal(wav, note.Source);
        // Atomic writes leave no temporary files behind.
        Assert.Empty(Directory.GetFiles(_library.Directory, "*.tmp", SearchOption.AllDirectories));
    }

    [Fact]
    public void Several_notes_are_encoded_together_and_keep_their_pitches()
    {
        var model = TestModel.Model;
        var encoder = new PitchCodeEncoder(model.LatentSize);

        var result = SoundImport.Run([Note("a.wav", 220, 48000), Note("b.wav", 330, 48000)], "Two", model, _ => encoder, _library);

        Assert.Equal(2, Assert.Single(encoder.Calls).Count);
        Assert.Equal(2, result.Sound.PitchesHz.Count);
        Assert.Equal(2, result.Sound.SourceFiles.Count);
    }

    [Fact]
    public void A_bad_recording_is_refused_before_the_encoder_is_opened_and_nothing_is_stored()
    {
        var model = TestModel.Model;
        var silent = _dir.File("silent.wav");
        TestNotes.WriteWav(silent, new float[48000], 48000);
        var opened = false;

        var e = Assert.Throws<SoundImportException>(() => SoundImport.Run([Note("ok.wav", 220, 48000), silent], "X", model, m => { opened = true; return new PitchCodeEncoder(m.LatentSize); }, _library));

        Assert.StartsWith($"{silent}: silent", e.Message, StringComparison.Ordinal);
        Assert.False(opened);
        Assert.Empty(_library.Load().Sounds);
    }

    [Fact]
    public void A_model_without_an_encoder_stores_nothing()
    {
        var package = _dir.File("model");
        Directory.CreateDirectory(package);
        File.Copy(Path.Combine(RepoPaths.Model, "decoder.onnx"), Path.Combine(package, "decoder.onnx"));
        var manifest = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(Path.Combine(RepoPaths.Model, "manifest.json")))!.AsObject();
        manifest.Remove("encoder");
        File.WriteAllText(Path.Combine(package, "manifest.json"), manifest.ToJsonString());
        var model = ModelPackage.Load(package);
        var e = Assert.Throws<ModelPackageException>(() => SoundImport.Run([Note("ok.wav", 220, 48000)], "X", model, SoundEncoder.Open, _library));
        Assert.Contains("has no sound encoder", e.Message, StringComparison.Ordinal);
        Assert.False(Directory.Exists(_library.Directory) && Directory.EnumerateFileSystemEntries(_library.Directory).Any());
    }

    [Fact]
    public void Names_must_be_new_and_not_a_model_instrument()
    {
        var model = TestModel.Model;
        SoundImport.Run([Note("a.wav", 220, 48000)], "Mine", model, m => new PitchCodeEncoder(m.LatentSize), _library);

        var taken = Assert.Throws<ArgumentException>(() => SoundImport.Run([Note("b.wav", 330, 48000)], "mine", model, m => new PitchCodeEncoder(m.LatentSize), _library));
        Assert.Contains("already has a sound of that name", taken.Message, StringComparison.Ordinal);
        var instrument = Assert.Throws<ArgumentException>(() => SoundImport.Run([Note("b.wav", 330, 48000)], "Cello", model, m => new PitchCodeEncoder(m.LatentSize), _library));
        Assert.Contains("has an instrument of that name", instrument.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => _library.CheckNewName("a,b"));
        Assert.Throws<ArgumentException>(() => _library.CheckNewName("  "));
    }

    [Fact]
    public void Rename_and_remove_change_the_library_and_unknown_names_are_listed_in_the_error()
    {
        var model = TestModel.Model;
        var sound = SoundImport.Run([Note("a.wav", 220, 48000)], "Old", model, m => new PitchCodeEncoder(m.LatentSize), _library).Sound;

        var renamed = _library.Rename("old", "New name");

        Assert.Equal(sound.Id, renamed.Id);
        Assert.Equal("New name", Assert.Single(_library.Load().Sounds).Name);
        var e = Assert.Throws<ArgumentException>(() => _library.Remove("Old"));
        Assert.Contains("it has 'New name'", e.Message, StringComparison.Ordinal);

        _library.Remove("NEW NAME");

        Assert.Empty(_library.Load().Sounds);
        Assert.Empty(Directory.EnumerateFileSystemEntries(_library.Directory));
    }

    [Fact]
    public void A_corrupt_entry_is_reported_by_name_and_the_rest_load()
    {
        var model = TestModel.Model;
        SoundImport.Run([Note("a.wav", 220, 48000)], "Good", model, m => new PitchCodeEncoder(m.LatentSize), _library);
        var bad = SoundImport.Run([Note("b.wav", 330, 48000)], "Bad", model, m => new PitchCodeEncoder(m.LatentSize), _library).Sound;
        var badEntry = Path.Combine(_library.Directory, bad.Id, SoundLibrary.EntryFile);
        File.WriteAllText(badEntry, "{ \"format\": \"nsynthbox-sound\", \"id\": ");
        Directory.CreateDirectory(Path.Combine(_library.Directory, "unfinished"));

        var (sounds, problems) = _library.Load();

        Assert.Equal("Good", Assert.Single(sounds).Name);
        Assert.Equal(2, problems.Count);
        Assert.Contains(problems, p => p.Message.StartsWith($"{badEntry}: not a sound entry", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Message.Contains("an import that did not finish", StringComparison.Ordinal));
    }

    [Fact]
    public void Sounds_of_the_model_become_instruments_after_its_own_and_sounds_of_another_model_do_not()
    {
        var model = TestModel.Model;
        var mine = SoundImport.Run([Note("a.wav", 220, 48000)], "Mine", model, m => new PitchCodeEncoder(m.LatentSize), _library).Sound;
        _library.Add("Old model's", new float[model.LatentSize], "hpn-v0", new string('0', 64), [440], 2, "x", []);

        var extended = SoundImport.WithLibrary(model, _library.Load().Sounds);

        Assert.Equal(model.Instruments.Count + 1, extended.Instruments.Count);
        var added = extended.Instruments[^1];
        Assert.Equal(("Mine", model.Instruments.Count, ModelPackageInstruments.UserFamily), (added.Name, added.Index, added.Family));
        Assert.Equal(mine.Code, added.Code);
        Assert.Same(added, extended.FindInstrument("Mine"));
    }

    private string Note(string name, double hz, int rate)
    {
        var path = _dir.File(name);
        TestNotes.WriteWav(path, TestNotes.Note(hz, rate), rate);
        return path;
    }
}
