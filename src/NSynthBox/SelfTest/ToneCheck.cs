using Microsoft.Extensions.Logging;
using NSynthBox.Hardware;
using NSynthBox.Platform.Audio;

namespace NSynthBox;

/// <summary>
/// The self-test's audio step: a 440 Hz tone (A4, -12 dBFS, 20 ms fades) for two seconds through
/// the configured audio output (Audio:Sink and Audio:Device, the DAC on the installed box), then
/// the maker says whether it was heard.
/// </summary>
internal static class ToneCheck
{
    public const double Frequency = 440;
    public const float Level = 0.25f; // -12 dBFS
    public static readonly TimeSpan Length = TimeSpan.FromSeconds(2);

    public static SelfTestLine Run(AudioSection audio, ILoggerFactory loggers, ISelfTestGuide guide)
    {
        guide.Instruct("Audio", $"Plug headphones or an amplifier into the 3.5 mm jack: a {Frequency:0} Hz tone plays for {Length.TotalSeconds:0} s through {audio.Device}.");
        var total = (long)(Length.TotalSeconds * audio.SampleRate);
        var fade = audio.SampleRate / 50;
        long position = 0;
        using var sink = LiveBox.CreateSink(audio, loggers);
        sink.Start(mono =>
        {
            for (var i = 0; i < mono.Length; i++, position++)
            {
                var ramp = Math.Min(1.0, Math.Min(position, total - position) / (double)fade);
                mono[i] = position < total ? (float)(Level * Math.Max(0, ramp) * Math.Sin(2 * Math.PI * Frequency * position / audio.SampleRate)) : 0f;
            }
        });
        Thread.Sleep(Length + TimeSpan.FromMilliseconds(200));
        sink.Stop();
        var played = sink.Metrics.Periods;
        if (played == 0)
            return new SelfTestLine(SelfTestStatus.Fail, $"the audio output {sink.Description} played nothing: check Audio:Device in the config ('nsynthbox devices' lists the outputs; the DAC is sndrpihifiberry with dtoverlay=hifiberry-dac)");
        return guide.Ask($"Did you hear a {Frequency:0} Hz tone?")
            ? new SelfTestLine(SelfTestStatus.Ok, $"tone heard through {sink.Description}")
            : new SelfTestLine(SelfTestStatus.Fail, $"tone played through {sink.Description} but not heard: check the DAC's VIN on +5V, GND, SCK to GND, the XSMT jumper at H (un-muted), and LCK/DIN/BCK to header pins 35/40/12");
    }
}
