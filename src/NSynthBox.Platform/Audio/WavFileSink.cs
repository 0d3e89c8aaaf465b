using Microsoft.Extensions.Logging;

namespace NSynthBox.Platform.Audio;

/// <summary>
/// Writes what would be played to a mono WAV file, at real-time pace (for machines without a
/// sound card, and for tests that listen to a live session). The audio thread only copies each
/// period into a lock-free ring; a writer thread moves it to disk. The file appears, complete,
/// when the sink stops (temporary file, fsync, rename). A write that fails while playing (a full disk)
/// is logged at once and ends the recording there; what was written before it is kept at the stop.
/// </summary>
public sealed class WavFileSink : PacedSink
{
    private readonly FloatRing _ring;
    private readonly bool _float32;
    private readonly ManualResetEventSlim _stopWriter = new();
    private WavStreamWriter? _writer;
    private Thread? _writerThread;
    private Exception? _writeError;

    public WavFileSink(string path, AudioOptions options, ILogger? logger = null, bool float32 = false)
        : base(options, logger)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        Path = System.IO.Path.GetFullPath(path);
        _float32 = float32;
        _ring = new FloatRing(options.SampleRate * 2);
    }

    public string Path { get; }

    public override string Description => $"WAV file {Path} ({(_float32 ? "32-bit float" : "16-bit")} mono, paced, {Format.SampleRate} Hz, period {Format.PeriodFrames} x {Format.Periods})";

    /// <summary>Samples written to the file so far.</summary>
    public long SamplesWritten => _writer?.Samples ?? 0;

    protected override void OnStarting()
    {
        if (Storage.OutputFile.Problem(Path) is { } problem) throw new IOException(problem);
        _writer = new WavStreamWriter(Path, Format.SampleRate, _float32);
        _writerThread = new Thread(WriteLoop) { IsBackground = true, Name = "nsynthbox-wav-writer" };
        _writerThread.Start();
    }

    protected override void Consume(ReadOnlySpan<float> mono)
    {
        var copied = _ring.Write(mono);
        if (copied < mono.Length) Metrics.AddDroppedFrames(mono.Length - copied);
    }

    protected override void OnStopped()
    {
        _stopWriter.Set();
        _writerThread?.Join();
        _writerThread = null;
        if (_writer is null) return;
        try
        {
            _writer.Complete();
            if (_writeError is not null)
                Logger.LogWarning("WAV file {Path}: kept the {Seconds:0.0} s written before the write failed", Path, (double)_writer.Samples / Format.SampleRate);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentOutOfRangeException)
        {
            Logger.LogError("WAV file {Path} not written: {Error}", Path, e.Message);
        }
        finally
        {
            _writer.Dispose();
            _writer = null;
        }
    }

    private void WriteLoop()
    {
        var chunk = new float[4096];
        while (true)
        {
            var stopping = _stopWriter.Wait(20);
            int n;
            while ((n = _ring.Read(chunk)) > 0)
            {
                try
                {
                    if (_writeError is null) _writer!.Append(chunk.AsSpan(0, n));
                }
                // ENOSPC is an IOException; EFBIG (a file size limit) reaches .NET as ArgumentOutOfRangeException.
                catch (Exception e) when (e is IOException or ArgumentOutOfRangeException)
                {
                    _writeError = e;
                    // Said while playing (this is the writer thread, not the audio thread): the performer can still act.
                    Logger.LogError("WAV file {Path}: writing failed after {Seconds:0.0} s ({Error}); the recording stops here, what was written is kept when the box stops",
                        Path, (double)_writer!.Samples / Format.SampleRate, e.Message);
                }
            }
            if (stopping) return;
        }
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing) _stopWriter.Dispose();
    }
}
