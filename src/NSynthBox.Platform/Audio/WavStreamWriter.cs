using System.Buffers.Binary;

namespace NSynthBox.Platform.Audio;

/// <summary>
/// Writes a mono RIFF/WAVE file as samples arrive (16-bit PCM or 32-bit float), into a temporary
/// file beside the target; <see cref="Complete"/> fills in the sizes, flushes to disk and renames
/// it into place, so a reader never sees a half-written file. A write that fails (a full disk) ends
/// the appending, not the file: <see cref="Complete"/> keeps every sample written before it.
/// </summary>
public sealed class WavStreamWriter : IDisposable
{
    private const int HeaderBytes = 44;

    private readonly string _path;
    private readonly string _tempPath;
    private readonly bool _float32;
    private readonly int _sampleRate;
    private readonly FileStream _stream;
    private readonly byte[] _chunk = new byte[4096 * 4];
    private long _samples;

    public WavStreamWriter(string path, int sampleRate, bool float32)
    {
        _path = Path.GetFullPath(path);
        _tempPath = Path.Combine(Path.GetDirectoryName(_path)!, $".{Path.GetFileName(_path)}.{Environment.ProcessId}.tmp");
        _sampleRate = sampleRate;
        _float32 = float32;
        // Unbuffered: a full disk fails the write that hit it, so the samples before it are known to be in the file.
        _stream = new FileStream(_tempPath, FileMode.Create, FileAccess.Write, FileShare.Read, bufferSize: 0);
        try
        {
            _stream.Write(Header(0));
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    /// <summary>Samples in the file (those of a write that failed are not counted).</summary>
    public long Samples => _samples;

    public void Append(ReadOnlySpan<float> samples)
    {
        var bytesPerSample = _float32 ? 4 : 2;
        var perChunk = _chunk.Length / bytesPerSample;
        for (var start = 0; start < samples.Length; start += perChunk)
        {
            var part = samples.Slice(start, Math.Min(perChunk, samples.Length - start));
            for (var i = 0; i < part.Length; i++)
            {
                if (_float32) BinaryPrimitives.WriteSingleLittleEndian(_chunk.AsSpan(i * 4), part[i]);
                else BinaryPrimitives.WriteInt16LittleEndian(_chunk.AsSpan(i * 2), (short)MathF.Round(Math.Clamp(part[i], -1f, 1f) * 32767f));
            }
            _stream.Write(_chunk, 0, part.Length * bytesPerSample);
            _samples += part.Length;
        }
    }

    public void Complete()
    {
        // After a failed write the file may end in part of a chunk: cut it back to the samples counted.
        _stream.SetLength(HeaderBytes + _samples * (_float32 ? 4 : 2));
        _stream.Position = 0;
        _stream.Write(Header(_samples));
        _stream.Flush(flushToDisk: true);
        _stream.Dispose();
        File.Move(_tempPath, _path, overwrite: true);
    }

    private byte[] Header(long samples)
    {
        var bytesPerSample = _float32 ? 4 : 2;
        var data = (int)Math.Min(int.MaxValue - HeaderBytes, samples * bytesPerSample);
        var h = new byte[HeaderBytes];
        "RIFF"u8.CopyTo(h);
        BinaryPrimitives.WriteInt32LittleEndian(h.AsSpan(4), 36 + data);
        "WAVEfmt "u8.CopyTo(h.AsSpan(8));
        BinaryPrimitives.WriteInt32LittleEndian(h.AsSpan(16), 16);
        BinaryPrimitives.WriteInt16LittleEndian(h.AsSpan(20), (short)(_float32 ? 3 : 1));
        BinaryPrimitives.WriteInt16LittleEndian(h.AsSpan(22), 1);
        BinaryPrimitives.WriteInt32LittleEndian(h.AsSpan(24), _sampleRate);
        BinaryPrimitives.WriteInt32LittleEndian(h.AsSpan(28), _sampleRate * bytesPerSample);
        BinaryPrimitives.WriteInt16LittleEndian(h.AsSpan(32), (short)bytesPerSample);
        BinaryPrimitives.WriteInt16LittleEndian(h.AsSpan(34), (short)(bytesPerSample * 8));
        "data"u8.CopyTo(h.AsSpan(36));
        BinaryPrimitives.WriteInt32LittleEndian(h.AsSpan(40), data);
        return h;
    }

    public void Dispose()
    {
        // Not completed: leave no temporary file behind.
        if (!_stream.CanWrite) return;
        _stream.Dispose();
        File.Delete(_tempPath);
    }
}
