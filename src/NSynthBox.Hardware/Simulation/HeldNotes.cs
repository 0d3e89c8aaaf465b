using NSynthBox.Engine;

namespace NSynthBox.Hardware;

/// <summary>
/// The notes held now, from every input's Note On and Note Off (any channel), for the terminal
/// panel's view. Fed from several threads: each note's count changes atomically.
/// </summary>
public sealed class HeldNotes
{
    private readonly int[] _count = new int[128];

    public void Apply(in ControlEvent e)
    {
        switch (e.Kind)
        {
            case ControlKind.NoteOn when e.Index is >= 0 and < 128:
                Interlocked.Increment(ref _count[e.Index]);
                break;
            case ControlKind.NoteOff when e.Index is >= 0 and < 128:
                // A Note Off without its Note On (a note held before the box started) leaves the count at 0.
                var n = e.Index;
                int seen;
                do seen = Volatile.Read(ref _count[n]);
                while (seen > 0 && Interlocked.CompareExchange(ref _count[n], seen - 1, seen) != seen);
                break;
            case ControlKind.AllNotesOff:
                for (var i = 0; i < _count.Length; i++) Volatile.Write(ref _count[i], 0);
                break;
        }
    }

    /// <summary>The held notes, lowest first.</summary>
    public IReadOnlyList<int> Notes => [.. Enumerable.Range(0, 128).Where(i => Volatile.Read(ref _count[i]) > 0)];
}
