namespace NSynthBox.Platform.Audio;

/// <summary>Whether a real-time request (SCHED_FIFO, mlockall) was granted, and the line to log about it.</summary>
public sealed record RealtimeResult(bool Granted, string Message);
