using NSynthBox.Neural;
using NSynthBox.Tests.Shared;

namespace NSynthBox.Engine.Tests;

/// <summary>The committed model package, loaded once for all engine tests.</summary>
public sealed class EngineFixture
{
    public ModelPackage Model { get; } = ModelPackage.Load(RepoPaths.Model);

    public int Instrument(string name) => Model.FindInstrument(name).Index;

    /// <param name="decodeDouble">Wraps the decoder's Decode (a test double that throws or blocks).</param>
    public SynthEngine NewEngine(int polyphony = 16, string? allCorners = null, Func<Action<int>, Action<int>>? decodeDouble = null)
    {
        var engine = new SynthEngine(Model, new EngineSettings { Polyphony = polyphony }, Neural.ExecutionProviderKind.Cpu, decodeDouble);
        if (allCorners is not null)
        {
            var i = Instrument(allCorners);
            engine.SetInitialState([i, i, i, i]);
        }
        return engine;
    }
}
