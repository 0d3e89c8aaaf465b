using NSynthBox.Neural;
using NSynthBox.Platform.Sounds;
using NSynthBox.Tests.Shared;

namespace NSynthBox.Cli.Tests;

public sealed class SoundCommandsTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("nsynthbox-cli-sounds-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string State => Path.Combine(_dir, "state");

    [Fact]
    public void Import_checks_the_note_encodes_it_and_stores_a_sound_of_this_model()
    {
        var wav = Path.Combine(_dir, "note.wav");
        TestNotes.WriteWav(wav, TestNotes.Note(220, 44100), 44100, bits: 24, extensible: true);

        var r = CliRunner.Run("import", wav, "--name", "My sound", "--state", State, "--model", RepoPaths.Model);

        Assert.True(r.ExitCode == 0, r.Error);
        Assert.Contains($"{wav}: pitch 220.0 Hz (A3", r.Out, StringComparison.Ordinal);
        Assert.Contains("44100 Hz mono, resampled to 48000 Hz", r.Out, StringComparison.Ordinal);
        Assert.Contains("checks passed", r.Out, StringComparison.Ordinal);
        Assert.Matches(@"imported 'My sound' \(id \S+\): fit \d+\.\d dB \(encoder, ", r.Out);
        var model = ModelPackage.Load(RepoPaths.Model);
        var sound = Assert.Single(new SoundLibrary(State).Load().Sounds);
        Assert.Equal("My sound", sound.Name);
        Assert.True(sound.BelongsTo(model.DecoderSha256));
        Assert.Equal(model.LatentSize, sound.Code.Length);
        // A new point in the latent space, not a copy of a built-in instrument.
        Assert.All(model.Instruments, i => Assert.NotEqual(i.Code, sound.Code));
    }

    [Fact]
    public void Import_with_a_v2_model_fits_three_notes_through_its_decoder_and_stores_the_sound_for_it()
    {
        // A v2 package (the synthetic test decoder, hpn-v1's encoder lent: docs in SyntheticV2WithEncoder).
        using var v2 = new SyntheticV2WithEncoder();
        var wavs = new[] { 110.0, 220.0, 440.0 }.Select(hz =>
        {
            var wav = Path.Combine(_dir, $"note{hz:F0}.wav");
            TestNotes.WriteWav(wav, TestNotes.Note(hz, 48000, seconds: 3.2), 48000);
            return wav;
        }).ToArray();

        var r = CliRunner.Run(["import", .. wavs, "--name", "Three", "--state", State, "--model", v2.Dir]);

        Assert.True(r.ExitCode == 0, r.Error);
        Assert.Matches(@"imported 'Three' \(id \S+\): fit \d+\.\d dB \(encoder \+ \d+-step fit to 3 notes", r.Out);
        var sound = Assert.Single(new SoundLibrary(State).Load().Sounds);
        Assert.True(sound.BelongsTo(ModelPackage.Load(v2.Dir).DecoderSha256));
        Assert.False(sound.BelongsTo(ModelPackage.Load(RepoPaths.Model).DecoderSha256));
    }

    [Fact]
    public void Import_of_a_bad_recording_is_one_line_naming_it_and_exit_2()
    {
        var wav = Path.Combine(_dir, "two.wav");
        var x = new float[48000 * 3];
        TestNotes.AddNote(x, 4800, 330, 48000, 0.8, 0.5);
        TestNotes.AddNote(x, 72000, 330, 48000, 1.0, 0.5);
        TestNotes.WriteWav(wav, x, 48000);

        var r = CliRunner.Run("import", wav, "--name", "Two", "--state", State, "--model", RepoPaths.Model);

        Assert.Equal(2, r.ExitCode);
        Assert.Equal($"nsynthbox: {wav}: several notes (onsets at 0.10 s, 1.50 s; expected one note per file: cut them apart)", r.Error.Trim());
    }

    [Fact]
    public void Sounds_lists_renames_and_removes_and_flags_sounds_of_another_model()
    {
        var model = ModelPackage.Load(RepoPaths.Model);
        var library = new SoundLibrary(State);
        library.Add("Glass", new float[model.LatentSize], model.Name, model.DecoderSha256, [261.63], 4.2, "encoder+refine", []);
        library.Add("Old bell", new float[model.LatentSize], "hpn-v0", new string('a', 64), [440], 3, "encoder", []);
        library.Add("A rather long sound name here", new float[model.LatentSize], model.Name, model.DecoderSha256, [130.0, 262.0, 527.0], 12.5, "encoder", [],
            created: new DateTimeOffset(2025, 1, 2, 3, 4, 0, TimeSpan.Zero));
        string[] where = ["--state", State, "--model", RepoPaths.Model];

        var renameToModels = CliRunner.Run(["sounds", "rename", "glass", "flute", .. where]);
        Assert.Equal(2, renameToModels.ExitCode); // import refuses it too: "Flute" must keep finding the model's flute
        Assert.Contains("name 'flute': model 'hpn-v1' has an instrument of that name", renameToModels.Error, StringComparison.Ordinal);

        var list = CliRunner.Run(["sounds", "list", .. where]);
        var lines = list.Out.Split('\n');
        var header = lines.Single(l => l.Contains("created (UTC)", StringComparison.Ordinal));
        var longRow = lines.Single(l => l.Contains("A rather long", StringComparison.Ordinal)); // long name and three pitches with cents
        Assert.Equal(header.IndexOf("created (UTC)", StringComparison.Ordinal), longRow.IndexOf("2025-01-02", StringComparison.Ordinal));
        Assert.Equal(header.IndexOf("method", StringComparison.Ordinal), longRow.IndexOf("encoder", StringComparison.Ordinal));
        Assert.Equal(header.IndexOf("fit", StringComparison.Ordinal) + 3, longRow.IndexOf(" dB", StringComparison.Ordinal) + 3); // right-aligned
        Assert.Equal(0, CliRunner.Run(["sounds", "remove", "A rather long sound name here", .. where]).ExitCode);
        list = CliRunner.Run(["sounds", "list", .. where]);

        Assert.Equal(0, list.ExitCode);
        Assert.Contains($"2 sounds in {library.Directory} (model hpn-v1", list.Out, StringComparison.Ordinal);
        Assert.Matches(@$"\n\s*{model.Instruments.Count}\s+Glass\s+C4\s", list.Out);
        Assert.Matches(@"\n\s*-\s+Old bell\s+A4\s+\S+ \S+\s+needs re-import: encoded for model hpn-v0", list.Out);

        Assert.Equal(0, CliRunner.Run(["sounds", "rename", "glass", "Crystal", .. where]).ExitCode);
        Assert.Equal(0, CliRunner.Run(["sounds", "remove", "Old bell", .. where]).ExitCode);
        var after = CliRunner.Run(["sounds", .. where]);
        Assert.Contains("1 sound in", after.Out, StringComparison.Ordinal);
        Assert.Contains("Crystal", after.Out, StringComparison.Ordinal);
        Assert.DoesNotContain("Old bell", after.Out, StringComparison.Ordinal);

        var missing = CliRunner.Run(["sounds", "remove", "Nope", .. where]);
        Assert.Equal(2, missing.ExitCode);
        Assert.Equal($"nsynthbox: sound 'Nope': not in the library {library.Directory} (it has 'Crystal')", missing.Error.Trim());
    }

    [Fact]
    public async Task The_running_box_imports_uploads_from_the_web_panel_with_the_same_checks_and_encoder()
    {
        var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        var port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        var stateHome = Path.Combine(_dir, "home");
        using var box = CliRunner.Start(stateHome, "run", "--sink", "null", "--web", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--duration", "30", "--model", RepoPaths.Model);
        try
        {
            using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}/"), Timeout = TimeSpan.FromSeconds(20) };
            for (var attempt = 0; attempt < 80 && !box.HasExited; attempt++)
            {
                try
                {
                    await http.GetStringAsync("/");
                    break;
                }
                catch (HttpRequestException)
                {
                    await Task.Delay(250);
                }
            }
            var note = Path.Combine(_dir, "note.wav");
            TestNotes.WriteWav(note, TestNotes.Note(220, 48000), 48000);
            var silent = Path.Combine(_dir, "quiet.wav");
            TestNotes.WriteWav(silent, new float[48000], 48000);

            var refused = await http.PostAsync("/api/sound?name=Quiet&file=quiet.wav", new ByteArrayContent(await File.ReadAllBytesAsync(silent)));
            var imported = await http.PostAsync("/api/sound?name=Mine&file=note.wav", new ByteArrayContent(await File.ReadAllBytesAsync(note)));

            Assert.Equal(System.Net.HttpStatusCode.UnprocessableEntity, refused.StatusCode);
            Assert.Contains("\"quiet.wav: silent (peak", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
            Assert.True(imported.IsSuccessStatusCode, await imported.Content.ReadAsStringAsync());
            var sounds = new SoundLibrary(Path.Combine(stateHome, "nsynthbox")).Load().Sounds;
            Assert.Equal("Mine", Assert.Single(sounds).Name); // the refused upload left nothing behind
        }
        finally
        {
            if (!box.HasExited) box.Kill(entireProcessTree: true);
            box.WaitForExit();
        }
    }

    [Fact]
    public void Render_plays_a_library_sound_as_a_corner_by_name()
    {
        var model = ModelPackage.Load(RepoPaths.Model);
        new SoundLibrary(State).Add("Brassy", model.FindInstrument("Trumpet").Code, model.Name, model.DecoderSha256, [440], 2, "test", []);
        var song = Path.Combine(_dir, "song.mid");
        var file = new NSynthBox.Midi.MidiFile(NSynthBox.Midi.MidiTimeDivision.FromTicksPerQuarterNote(480), format: 0);
        var track = new NSynthBox.Midi.MidiTrack();
        track.Events.Add(new NSynthBox.Midi.ChannelMessageEvent(0, NSynthBox.Midi.MidiMessage.NoteOn(0, 60, 100)));
        track.Events.Add(new NSynthBox.Midi.ChannelMessageEvent(480, NSynthBox.Midi.MidiMessage.NoteOff(0, 60)));
        track.Events.Add(new NSynthBox.Midi.EndOfTrackEvent(500));
        file.Tracks.Add(track);
        file.Write(song);
        var mine = Path.Combine(_dir, "mine.wav");
        var trumpet = Path.Combine(_dir, "trumpet.wav");

        var a = CliRunner.Run("render", song, "-o", mine, "--corners", "Brassy,flute,cello,oboe", "--xy", "0,0", "--state", State, "--model", RepoPaths.Model, "-q");
        var b = CliRunner.Run("render", song, "-o", trumpet, "--corners", "trumpet,flute,cello,oboe", "--xy", "0,0", "--state", State, "--model", RepoPaths.Model, "-q");

        Assert.True(a.ExitCode == 0, a.Error);
        Assert.True(b.ExitCode == 0, b.Error);
        // The sound's code is the trumpet's: at the top-left corner the two renders are the same samples.
        Assert.Equal(File.ReadAllBytes(trumpet), File.ReadAllBytes(mine));
        var missing = CliRunner.Run("render", song, "-o", mine, "--corners", "Brassy,flute,cello,oboe", "--state", Path.Combine(_dir, "empty"), "--model", RepoPaths.Model, "-q");
        Assert.Equal(2, missing.ExitCode);
        Assert.Contains("instrument 'Brassy': no such name", missing.Error, StringComparison.Ordinal);
    }
}
