using NSynthBox.Platform.Native;

namespace NSynthBox.Platform.Audio;

/// <summary>
/// Real-time setup for the audio thread and the engine's control worker (never the whole process): SCHED_FIFO through
/// pthread_setschedparam on the calling thread, and mlockall so no page fault stalls it.
/// Both need permission: root, CAP_SYS_NICE / CAP_IPC_LOCK, the audio group's limits
/// (/etc/security/limits.d/audio.conf: @audio - rtprio 95, @audio - memlock unlimited) or, under
/// systemd, LimitRTPRIO=95 and LimitMEMLOCK=infinity in the unit.
/// </summary>
public static unsafe class RealtimeScheduling
{
    /// <summary>Below the audio thread's priority, the control worker's: it must preempt everything but the audio.</summary>
    public const int ControlWorkerBelowAudio = 10;

    /// <summary>Raises the calling thread to SCHED_FIFO at <paramref name="priority"/> (or the highest RLIMIT_RTPRIO allows).</summary>
    /// <param name="threadName">Names the thread in the result's message.</param>
    public static RealtimeResult TryRaiseCurrentThread(int priority, string threadName = "audio thread")
    {
        if (priority <= 0) return new RealtimeResult(false, "real-time priority off (Audio:RealtimePriority = 0)");
        try
        {
            priority = Math.Min(priority, LibC.SchedGetPriorityMax(LibC.SCHED_FIFO));
            var thread = LibC.PthreadSelf();
            var param = priority;
            var error = LibC.PthreadSetSchedParam(thread, LibC.SCHED_FIFO, &param);
            if (error == Errno.EPERM)
            {
                // Unprivileged users may still go up to their RLIMIT_RTPRIO.
                LibC.RLimit limit;
                if (LibC.GetRLimit(LibC.RLIMIT_RTPRIO, &limit) == 0 && limit.Current > 0)
                {
                    param = (int)Math.Min(limit.Current, (ulong)priority);
                    error = LibC.PthreadSetSchedParam(thread, LibC.SCHED_FIFO, &param);
                    if (error == 0) return new RealtimeResult(true, $"{threadName} real-time: SCHED_FIFO priority {param} (RLIMIT_RTPRIO {limit.Current}; asked for {priority})");
                }
                return new RealtimeResult(false,
                    $"no real-time priority (SCHED_FIFO {priority} not permitted): add the user to the audio group (@audio - rtprio 95 in /etc/security/limits.d/) " +
                    $"or set LimitRTPRIO=95 in the systemd unit; the {threadName} runs at normal priority and may {(threadName == "audio thread" ? "underrun" : "be late")} under load");
            }
            return error == 0
                ? new RealtimeResult(true, $"{threadName} real-time: SCHED_FIFO priority {param}")
                : new RealtimeResult(false, $"no real-time priority: pthread_setschedparam failed ({LibC.ErrorText(error)})");
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            return new RealtimeResult(false, $"no real-time priority: {e.Message}");
        }
    }

    /// <summary>
    /// For <c>SynthEngine.StartWorker</c>: raises the control worker to SCHED_FIFO
    /// <see cref="ControlWorkerBelowAudio"/> below the audio thread's <paramref name="audioPriority"/>, so other
    /// processes cannot make it late (it sleeps between frames and decodes for well under a frame).
    /// </summary>
    public static Action ControlWorkerSetup(int audioPriority, Action<RealtimeResult>? outcome = null) => () =>
    {
        var result = audioPriority <= 0
            ? new RealtimeResult(false, "control worker at normal priority (real-time priority off)")
            : TryRaiseCurrentThread(Math.Max(1, audioPriority - ControlWorkerBelowAudio), "control worker");
        outcome?.Invoke(result);
    };

    /// <summary>Puts the calling thread back to ordinary scheduling (SCHED_OTHER).</summary>
    public static void LowerCurrentThread()
    {
        var param = 0;
        _ = LibC.PthreadSetSchedParam(LibC.PthreadSelf(), LibC.SCHED_OTHER, &param);
    }

    /// <summary>The calling thread's policy and priority, e.g. (SCHED_FIFO = 1, 70).</summary>
    public static (int Policy, int Priority) CurrentThread()
    {
        int policy, param;
        return LibC.PthreadGetSchedParam(LibC.PthreadSelf(), &policy, &param) == 0 ? (policy, param) : (-1, 0);
    }

    /// <summary>
    /// Locks the process's pages in RAM as they are touched (MCL_CURRENT | MCL_FUTURE | MCL_ONFAULT,
    /// so the runtime's large address-space reservations are not filled in at once).
    /// </summary>
    public static RealtimeResult TryLockMemory()
    {
        try
        {
            if (LibC.MLockAll(LibC.MCL_CURRENT | LibC.MCL_FUTURE | LibC.MCL_ONFAULT) == 0)
                return new RealtimeResult(true, "memory locked (mlockall, on fault)");
            var error = System.Runtime.InteropServices.Marshal.GetLastPInvokeError();
            return new RealtimeResult(false, error is Errno.ENOMEM or Errno.EPERM
                ? $"memory not locked ({LibC.ErrorText(error)}): set LimitMEMLOCK=infinity in the systemd unit or '@audio - memlock unlimited' in /etc/security/limits.d/"
                : $"memory not locked: mlockall failed ({LibC.ErrorText(error)})");
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            return new RealtimeResult(false, $"memory not locked: {e.Message}");
        }
    }
}
