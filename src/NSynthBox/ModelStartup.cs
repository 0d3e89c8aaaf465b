using Microsoft.Extensions.Logging;
using NSynthBox.Engine;
using NSynthBox.Neural;
using NSynthBox.Platform.State;

namespace NSynthBox;

/// <summary>
/// Loads the configured model and builds the engine on it; when that package is corrupt or
/// mismatched (anything <see cref="ModelPackage.Load"/> or ONNX Runtime refuses) and the state
/// folder holds a last good copy (<see cref="LastGoodModel"/>), logs why, naming the file and what was
/// expected, and starts on the copy instead. A package that started an engine becomes the last good one.
/// </summary>
internal static class ModelStartup
{
    /// <param name="createEngine">Builds the engine for a package (it may refuse one: <see cref="ModelPackageException"/> or <see cref="UserInputException"/>).</param>
    public static (ModelPackage Model, SynthEngine Engine) Start(BoxConfig config, ILogger log, Func<ModelPackage, SynthEngine> createEngine)
    {
        var lastGood = new LastGoodModel(config.State.Directory);
        lastGood.RemoveLeftovers();
        ModelPackage model;
        SynthEngine engine;
        try
        {
            model = ModelLocator.Load(config.Model.Path);
            engine = createEngine(model);
        }
        catch (ModelPackageException e)
        {
            var what = config.Model.Path is null ? e.Message : $"{config.Source}: Model:Path = '{config.Model.Path}': {e.Message}";
            var copy = lastGood.TryLoad(out var problem);
            if (copy is null)
            {
                throw new UserInputException(problem is null
                    ? $"{what} (and there is no last good model in {lastGood.Directory} to fall back on)"
                    : $"{what} (and the last good model cannot be used either: {problem})");
            }
            log.LogError("model: {Error}; playing the last good model instead: {Name} {Version} from {Directory}", what, copy.Name, copy.Version, lastGood.Directory);
            return (copy, createEngine(copy));
        }

        if (model.EncoderProblem is { } encoderProblem) log.LogWarning("model: {Problem}; the instrument plays, importing sounds does not", encoderProblem);
        try
        {
            if (lastGood.Remember(model)) log.LogInformation("model: {Name} {Version} kept as the last good model in {Directory}", model.Name, model.Version, lastGood.Directory);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            log.LogWarning("model: could not keep a copy as the last good model in {Directory} ({Error}); the previous copy, if any, stays", lastGood.Directory, e.Message);
        }
        return (model, engine);
    }
}
