using System.Diagnostics;
using NSynthBox.Engine;

namespace NSynthBox.Web.Tests;

/// <summary>
/// Stands in for the sound card: pulls audio from the engine in real time (256-sample periods at
/// the engine's rate), so the control worker runs as it does on the box and the snapshot moves.
/// </summary>
internal sealed class PacedAudio : IDisposable
{
    private const int Period = 256;
    private readonly SynthEngine _engine;
    private readonly Thread _thread;
    private volatile bool _running = true;

    public PacedAudio(SynthEngine engine)
    {
        _engine = engine;
        engine.StartWorker(Period);
        _thread = new Thread(Run) { IsBackground = true, Name = "test-audio" };
        _thread.Start();
    }

    private void Run()
    {
        var buffer = new float[Period];
        var clock = Stopwatch.StartNew();
        long rendered = 0;
        while (_running)
        {
            var due = (long)(clock.Elapsed.TotalSeconds * _engine.Settings.SampleRate);
            // After a stall (a busy test machine) start again from now rather than racing to catch up.
            if (due - rendered > _engine.Settings.SampleRate / 10) rendered = due - Period;
            while (rendered + Period <= due)
            {
                _engine.Render(buffer);
                rendered += Period;
            }
            Thread.Sleep(1);
        }
    }

    public void Dispose()
    {
        _running = false;
        _thread.Join();
        _engine.StopWorker();
    }
}
