namespace NSynthBox.Platform.Audio;

/// <summary>
/// The render side every sink shares: asks the callback for a period and, once a stop is
/// requested, fades the output to silence over <see cref="FadeSeconds"/> so stopping never clicks.
/// </summary>
internal sealed class PeriodRenderer(AudioRenderCallback render, int sampleRate)
{
    public const double FadeSeconds = 0.005;

    private readonly int _fadeFrames = Math.Max(1, (int)(sampleRate * FadeSeconds));
    private volatile bool _fadeRequested;
    private int _fadeLeft = -1;

    public bool FadeRequested => _fadeRequested;

    public void RequestFade() => _fadeRequested = true;

    /// <summary>Renders one period into <paramref name="mono"/>; true when the fade-out has reached silence (the last period).</summary>
    public bool Render(Span<float> mono)
    {
        if (_fadeLeft == 0)
        {
            mono.Clear();
            return true;
        }
        render(mono);
        if (!_fadeRequested) return false;
        if (_fadeLeft < 0) _fadeLeft = _fadeFrames;
        for (var i = 0; i < mono.Length; i++)
        {
            mono[i] *= (float)_fadeLeft / _fadeFrames;
            if (_fadeLeft > 0) _fadeLeft--;
        }
        return _fadeLeft == 0;
    }
}
