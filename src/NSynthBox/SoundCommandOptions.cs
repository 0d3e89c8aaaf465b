using NSynthBox.Neural;
using NSynthBox.Platform.Sounds;

namespace NSynthBox;

/// <summary>Where 'import' and 'sounds' find the library and the model: --state / --model, else the config file's State:Directory / Model:Path, else the defaults 'run' uses.</summary>
internal static class SoundCommandOptions
{
    public static (SoundLibrary Library, ModelPackage Model) Open(string? stateDirectory, string? modelDirectory, string? configPath)
    {
        var config = stateDirectory is not null && modelDirectory is not null ? null : BoxConfigReader.Load(configPath);
        var state = stateDirectory ?? config!.State.Directory;
        var model = ModelLocator.Load(modelDirectory ?? config!.Model.Path);
        return (new SoundLibrary(state), model);
    }
}
