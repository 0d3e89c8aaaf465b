using NSynthBox.Engine;
using NSynthBox.Neural;
using NSynthBox.Platform.Control;

namespace NSynthBox.Platform.State;

/// <summary>
/// A saved sound: the four corner instruments, the grid position and the six knobs. The corners
/// are kept as numbers and, when known, as instrument names: imported sounds are numbered after
/// the model's instruments, so removing one renumbers the others, and the name finds the same
/// sound again.
/// </summary>
public sealed record Patch(IReadOnlyList<int> Corners, float X, float Y, IReadOnlyList<float> Knobs, IReadOnlyList<string>? CornerNames = null)
{
    public static Patch FromState(InstrumentState state) => new(state.Corners, state.X, state.Y, state.Knobs);

    /// <summary>This patch with the names of its corner instruments in <paramref name="model"/>.</summary>
    public Patch Named(ModelPackage model) =>
        this with { CornerNames = [.. Corners.Select(c => c >= 0 && c < model.Instruments.Count ? model.Instruments[c].Name : "")] };

    /// <summary>
    /// The corners as <paramref name="model"/> numbers them now: found by name when the patch has names
    /// (a patch saved without names keeps its numbers). A name no longer there (a sound renamed or
    /// removed), or a number the model does not have, leaves that corner as it is (-1) and is reported
    /// through <paramref name="warn"/>.
    /// </summary>
    public Patch Resolved(ModelPackage model, Action<string>? warn = null)
    {
        var names = CornerNames is { Count: 4 } n ? n : null;
        var corners = new int[Corners.Count];
        for (var c = 0; c < corners.Length; c++)
        {
            corners[c] = Corners[c];
            if (names is null || names[c].Length == 0)
            {
                // A number only (a patch from before names were kept, or a hand edit): it must be one of this model's.
                if (corners[c] < model.Instruments.Count) continue;
                corners[c] = -1;
                warn?.Invoke($"corner {c + 1}: instrument {Corners[c]} is not in model '{model.Name}' (it has {model.Instruments.Count}): that corner stays as it is");
                continue;
            }
            var found = model.Instruments.FirstOrDefault(i => string.Equals(i.Name, names[c], StringComparison.OrdinalIgnoreCase));
            if (found is not null)
            {
                corners[c] = found.Index;
                continue;
            }
            // Its old number now belongs to another instrument (or to none): leave that corner as it is.
            corners[c] = -1;
            warn?.Invoke($"corner {c + 1}: '{names[c]}' is not an instrument any more (renamed or removed?): that corner stays as it is");
        }
        return this with { Corners = corners };
    }

    /// <summary>The events that bring the instrument to this patch (corners crossfade, as when turned by hand; a corner of -1 stays as it is).</summary>
    public IEnumerable<ControlEvent> ToEvents()
    {
        for (var c = 0; c < Corners.Count && c < 4; c++)
        {
            if (Corners[c] >= 0) yield return ControlEvent.SetCorner(c, Corners[c]);
        }
        yield return ControlEvent.Position2D(X, Y);
        for (var k = 0; k < Knobs.Count && k < InstrumentState.KnobCount; k++) yield return ControlEvent.SetKnob((Knob)k, Knobs[k]);
    }
}
