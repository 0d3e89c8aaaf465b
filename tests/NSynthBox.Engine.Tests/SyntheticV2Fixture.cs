using NSynthBox.Neural;
using NSynthBox.Tests.Shared;

namespace NSynthBox.Engine.Tests;

/// <summary>
/// The small synthetic v2 package (tests/Models/synthetic-v2): each instrument's code switches on one
/// control of the v2 synthesizer, with values fixed in make_test_model.py (repeated here as constants).
/// </summary>
public sealed class SyntheticV2Fixture
{
    public const double HoldDecaySeconds = 4.0, ReleaseRate = 2.0;
    public const double VibratoHz = 6.0, VibratoCents = 20.0;
    public const double Stretch = 4e-4, SubLevel = 0.2, BurstTau = 0.004;

    public ModelPackage Model { get; } = ModelPackage.Load(RepoPaths.SyntheticV2Model);

    public SynthEngine NewEngine(string instrument, int polyphony = 16)
    {
        var engine = new SynthEngine(Model, new EngineSettings { Polyphony = polyphony });
        var i = Model.FindInstrument(instrument).Index;
        engine.SetInitialState([i, i, i, i]);
        return engine;
    }
}
