using System.CommandLine;
using System.Globalization;
using NSynthBox.Engine.Import;
using NSynthBox.Neural.Encoding;
using NSynthBox.Platform.Sounds;

namespace NSynthBox;

/// <summary>nsynthbox import NOTE.wav [MORE.wav ...] --name NAME: a recorded instrument into the sound library (docs/SOUNDS.md).</summary>
internal static class ImportCommand
{
    public static Command Create()
    {
        var files = new Argument<string[]>("files") { Description = "WAV files, one note each, of the same instrument (several pitches help the encoder)", Arity = ArgumentArity.OneOrMore };
        var name = new Option<string?>("--name") { Description = "the sound's name in the library (default: the first file's name)" };
        var model = new Option<string?>("--model") { Description = "model package folder (default: Model:Path of the config, else the shipped model)" };
        var state = new Option<string?>("--state") { Description = "state folder holding sounds/ (default: State:Directory of the config, else $STATE_DIRECTORY or ~/.local/state/nsynthbox)" };
        var config = new Option<string?>("--config") { Description = $"JSON configuration file (default: {BoxConfigReader.DefaultPath} when it exists)" };
        var command = new Command("import", "Import recorded notes as a new instrument in the sound library") { files, name, model, state, config };
        command.SetAction(r => Cli.Guard(() =>
        {
            var paths = r.GetValue(files) ?? [];
            var soundName = r.GetValue(name) ?? Path.GetFileNameWithoutExtension(paths.FirstOrDefault() ?? "");
            var (library, package) = SoundCommandOptions.Open(r.GetValue(state), r.GetValue(model), r.GetValue(config));
            var inv = CultureInfo.InvariantCulture;
            Console.WriteLine($"importing '{soundName.Trim()}' for model {package.Name} {package.Version} from {paths.Length} recording{(paths.Length == 1 ? "" : "s")}");
            var clock = System.Diagnostics.Stopwatch.StartNew();
            var result = SoundImport.Run(paths, soundName, package, SoundEncoder.Open, library, recording =>
            {
                Console.WriteLine(string.Create(inv,
                    $"{recording.Note.Source}: pitch {NoteName.Describe(recording.PitchHz)}, {recording.SoundSeconds:0.00} s of sound from {recording.OnsetSeconds:0.00} s, " +
                    $"{recording.SourceSampleRate} Hz {(recording.SourceChannels == 1 ? "mono" : $"{recording.SourceChannels} channels downmixed")}" +
                    $"{(recording.SourceSampleRate == package.SampleRate ? "" : $", resampled to {package.SampleRate} Hz")}, peak {recording.PeakDbfs:0.0} dBFS: " +
                    $"checks passed{(recording.Warnings.Count == 0 ? "" : $" with {recording.Warnings.Count} warning{(recording.Warnings.Count == 1 ? "" : "s")}")} " +
                    $"({clock.Elapsed.TotalSeconds:0.00} s so far)"));
                foreach (var warning in recording.Warnings) Console.WriteLine($"  warning: {warning}");
            });
            var index = SoundImport.WithLibrary(package, library.Load().Sounds).Instruments.FirstOrDefault(i => i.Name == result.Sound.Name)?.Index;
            Console.WriteLine(string.Create(inv,
                $"imported '{result.Sound.Name}' (id {result.Sound.Id}): fit {result.Encoded.FitDb:0.0} dB ({result.Encoded.Method}), " +
                $"instrument {index} for the corners; {result.Elapsed.TotalSeconds:0.00} s"));
            Console.WriteLine($"stored in {Path.Combine(library.Directory, result.Sound.Id)}");
            return 0;
        }));
        return command;
    }
}
