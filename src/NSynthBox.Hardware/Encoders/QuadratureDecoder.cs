namespace NSynthBox.Hardware;

/// <summary>
/// Gray-code state machine for a quadrature encoder. Each poll's (A, B) is compared with the
/// previous one: a one-bit change is a quarter step forward or back, no change is nothing, and a
/// two-bit change is impossible for a real turn (bounce or a missed sample) and is ignored.
/// Contact bounce alternates forward/back quarter steps that cancel out. With
/// 4 transitions per detent (EC11 "full cycle" types, resting at A = B = 1 with pull-ups) a
/// detent is counted when the encoder comes back to rest with net quarter steps the same way.
/// Back at rest the net count is a multiple of 4 unless a sample was missed (a two-bit jump,
/// worth 0 here), so 2 or more counts as a detent: a fast turn that skips one state still counts.
/// </summary>
internal sealed class QuadratureDecoder
{
    // Index = previous state << 2 | new state, state = A << 1 | B. +1 = clockwise quarter step.
    // Clockwise: A falls first: 11 -> 01 -> 00 -> 10 -> 11.
    private static ReadOnlySpan<sbyte> Steps =>
    [
        // new: 00  01  10  11
        0, -1, +1, 0,    // from 00
        +1, 0, 0, -1,    // from 01
        -1, 0, 0, +1,    // from 10
        0, +1, -1, 0,    // from 11
    ];

    private const int Rest = 0b11;

    private readonly int _transitionsPerDetent;
    private int _state = Rest;
    private int _quarterSteps;

    public QuadratureDecoder(int transitionsPerDetent = 4)
    {
        if (transitionsPerDetent is not (1 or 2 or 4))
        {
            throw new ArgumentOutOfRangeException(nameof(transitionsPerDetent), "1, 2 or 4 transitions per detent.");
        }

        _transitionsPerDetent = transitionsPerDetent;
    }

    /// <summary>Transitions where both inputs changed at once (ignored); a steady rise means bounce or too slow a poll.</summary>
    public int InvalidTransitions { get; private set; }

    /// <summary>Starts from the inputs' current level without counting anything.</summary>
    public void Reset(bool a, bool b)
    {
        _state = (a ? 2 : 0) | (b ? 1 : 0);
        _quarterSteps = 0;
    }

    /// <summary>Feeds one sample; returns +1 / -1 when a detent is completed clockwise / counter-clockwise, else 0.</summary>
    public int Update(bool a, bool b)
    {
        int state = (a ? 2 : 0) | (b ? 1 : 0);
        if (state == _state)
        {
            return 0;
        }

        if ((state ^ _state) == 0b11)
        {
            InvalidTransitions++;
            _state = state;
            return 0;
        }

        _quarterSteps += Steps[(_state << 2) | state];
        _state = state;

        if (_transitionsPerDetent == 4)
        {
            if (state != Rest)
            {
                return 0;
            }

            int steps = _quarterSteps;
            _quarterSteps = 0;
            return steps >= 2 ? 1 : steps <= -2 ? -1 : 0;
        }

        if (_quarterSteps >= _transitionsPerDetent)
        {
            _quarterSteps -= _transitionsPerDetent;
            return 1;
        }

        if (_quarterSteps <= -_transitionsPerDetent)
        {
            _quarterSteps += _transitionsPerDetent;
            return -1;
        }

        return 0;
    }
}
