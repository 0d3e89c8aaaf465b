using System.CommandLine;
using System.Globalization;
using NSynthBox.Engine.Import;
using NSynthBox.Neural;
using NSynthBox.Platform.State;
using NSynthBox.Platform.Sounds;

namespace NSynthBox;

/// <summary>nsynthbox sounds [list] | rename OLD NEW | remove NAME: the user's sound library.</summary>
internal static class SoundsCommand
{
    public static Command Create()
    {
        var model = new Option<string?>("--model") { Description = "model package folder (default: Model:Path of the config, else the shipped model)", Recursive = true };
        var state = new Option<string?>("--state") { Description = "state folder holding sounds/ (default: State:Directory of the config)", Recursive = true };
        var config = new Option<string?>("--config") { Description = $"JSON configuration file (default: {BoxConfigReader.DefaultPath} when it exists)", Recursive = true };

        var list = new Command("list", "List the imported sounds (the default)");
        list.SetAction(r => Cli.Guard(() => List(r.GetValue(state), r.GetValue(model), r.GetValue(config))));

        var oldName = new Argument<string>("old") { Description = "the sound's name now" };
        var newName = new Argument<string>("new") { Description = "its new name" };
        var rename = new Command("rename", "Rename an imported sound") { oldName, newName };
        rename.SetAction(r => Cli.Guard(() =>
        {
            var (library, package) = SoundCommandOptions.Open(r.GetValue(state), r.GetValue(model), r.GetValue(config));
            var sound = library.Find(r.GetValue(oldName)!);
            var before = sound?.Name ?? r.GetValue(oldName)!.Trim();
            if (sound is not null) SoundImport.CheckName(r.GetValue(newName)!, package, library, sound.Id); // as import does: "Flute" stays the model's
            var renamed = library.Rename(r.GetValue(oldName)!, r.GetValue(newName)!);
            // Patches find their corners by name: follow the rename (Engine:Corners in a config is the user's to edit).
            var patches = new PatchStore(Path.GetDirectoryName(library.Directory)!).RenameInstrument(before, renamed.Name);
            Console.WriteLine($"renamed '{before}' to '{renamed.Name}' (id {renamed.Id}); {patches} patch{(patches == 1 ? "" : "es")} updated; a config's Engine:Corners that names it needs the new name");
            return 0;
        }));

        var removeName = new Argument<string>("name") { Description = "the sound to remove (its recordings go too)" };
        var remove = new Command("remove", "Remove an imported sound and its recordings") { removeName };
        remove.SetAction(r => Cli.Guard(() =>
        {
            var (library, _) = SoundCommandOptions.Open(r.GetValue(state), r.GetValue(model), r.GetValue(config));
            var removed = library.Remove(r.GetValue(removeName)!);
            Console.WriteLine($"removed '{removed.Name}' (id {removed.Id}) and its {removed.SourceFiles.Count} recording{(removed.SourceFiles.Count == 1 ? "" : "s")}");
            return 0;
        }));

        var command = new Command("sounds", "The sound library: imported instruments (list, rename, remove)") { model, state, config, list, rename, remove };
        command.SetAction(r => Cli.Guard(() => List(r.GetValue(state), r.GetValue(model), r.GetValue(config))));
        return command;
    }

    private static int List(string? stateDirectory, string? modelDirectory, string? configPath)
    {
        var (library, package) = SoundCommandOptions.Open(stateDirectory, modelDirectory, configPath);
        var (sounds, problems) = library.Load();
        var playable = SoundImport.WithLibrary(package, sounds, skipped => Console.WriteLine($"skipped: {skipped}"));
        var inv = CultureInfo.InvariantCulture;
        Console.WriteLine($"{sounds.Count} sound{(sounds.Count == 1 ? "" : "s")} in {library.Directory} (model {package.Name} {package.Version})");
        var rows = new List<string[]> { new[] { "#", "name", "pitches", "created (UTC)", "fit", "method" } };
        foreach (var s in sounds)
        {
            var pitches = string.Join(", ", s.PitchesHz.Select(NoteName.Of));
            var created = s.Created.UtcDateTime.ToString("yyyy-MM-dd HH:mm", inv);
            var index = playable.Instruments.FirstOrDefault(i => i.Family == ModelPackageInstruments.UserFamily && i.Name == s.Name)?.Index;
            rows.Add(index is not null
                ? [index.Value.ToString(inv), s.Name, pitches, created, string.Create(inv, $"{s.FitDb:0.0} dB"), s.Method]
                : ["-", s.Name, pitches, created, "",
                    $"needs re-import: encoded for model {s.ModelName} (decoder {s.DecoderSha256[..Math.Min(12, s.DecoderSha256.Length)]}), not {package.Name} " +
                    $"({package.DecoderSha256[..12]}); its recordings: {string.Join(" ", s.SourceFiles.Select(f => library.SourcePath(s, f)))}"]);
        }
        if (sounds.Count > 0)
        {
            foreach (var line in TextColumns.Format(rows, 0, 4)) Console.WriteLine(line);
        }
        foreach (var p in problems) Console.WriteLine($"skipped: {p.Message}");
        return 0;
    }
}
