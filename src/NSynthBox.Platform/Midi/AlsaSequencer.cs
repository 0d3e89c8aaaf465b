using System.Runtime.InteropServices;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using NSynthBox.Midi;
using NSynthBox.Platform.Native;
using static NSynthBox.Platform.Native.LibAsound;

namespace NSynthBox.Platform.Midi;

/// <summary>
/// The box as an ALSA sequencer client with one port, "NSynthBox", that other programs and
/// keyboards connect to (it takes MIDI in) and subscribe to (it sends MIDI out: thru and the
/// panel's moves). A private second port listens to the system announce port, so keyboards that
/// are plugged in while the box runs are connected at once (<see cref="AutoConnect"/>) and ones
/// that are unplugged are noted, all without a restart. Events are read on the input thread and
/// decoded to <see cref="MidiMessage"/>s without allocating.
/// </summary>
public sealed unsafe class AlsaSequencer : IMidiInput, IMidiOutput
{
    private readonly IMidiMessageHandler _handler;
    private readonly ILogger _logger;
    private readonly AutoConnect _autoConnect;
    private readonly string _clientName;
    private readonly Lock _outputLock = new();
    private readonly Wakeup _wakeup = new();
    private readonly Dictionary<(int, int), SequencerPort> _connected = [];
    private readonly MidiMessage[] _decoded = new MidiMessage[SeqEventCodec.MaxMessagesPerEvent];
    private nint _seq;
    private Thread? _thread;
    private long _dropped;

    private AlsaSequencer(nint seq, string clientName, int port, IMidiMessageHandler handler, ILogger logger, AutoConnect autoConnect)
    {
        _seq = seq;
        _clientName = clientName;
        PortId = port;
        _handler = handler;
        _logger = logger;
        _autoConnect = autoConnect;
        ClientId = snd_seq_client_id(seq);
    }

    public int ClientId { get; }

    public int PortId { get; }

    /// <summary>"ALSA sequencer 128:0 'NSynthBox'".</summary>
    public string Name => $"ALSA sequencer {ClientId}:{PortId} '{_clientName}'";

    /// <summary>Sources the box is connected from (keyboards), as far as it connected them itself.</summary>
    public IReadOnlyList<SequencerPort> ConnectedSources
    {
        get
        {
            lock (_connected) return [.. _connected.Values];
        }
    }

    /// <summary>Events and messages lost: input overruns and output the kernel had no room for.</summary>
    public long Dropped => Volatile.Read(ref _dropped);

    /// <summary>
    /// Opens the sequencer, creates the port and connects the sources <paramref name="autoConnect"/> asks for.
    /// Null (and the reason, for the log) when there is no sequencer on this machine.
    /// </summary>
    public static AlsaSequencer? TryOpen(string clientName, IMidiMessageHandler handler, ILogger? logger, AutoConnect autoConnect, out string? reason)
    {
        ArgumentNullException.ThrowIfNull(handler);
        logger ??= NullLogger.Instance;
        try
        {
            SilenceLibraryMessages();
            var rc = snd_seq_open(out var seq, "default", SND_SEQ_OPEN_DUPLEX, SND_SEQ_NONBLOCK);
            if (rc < 0)
            {
                reason = $"ALSA sequencer not available ({ErrorText(rc)}" +
                         (File.Exists("/dev/snd/seq") ? ")" : ": no /dev/snd/seq; 'sudo modprobe snd-seq' loads it)") +
                         "; raw MIDI inputs still work";
                return null;
            }
            snd_seq_set_client_name(seq, clientName);
            var port = snd_seq_create_simple_port(seq, clientName,
                SND_SEQ_PORT_CAP_WRITE | SND_SEQ_PORT_CAP_SUBS_WRITE | SND_SEQ_PORT_CAP_READ | SND_SEQ_PORT_CAP_SUBS_READ,
                SND_SEQ_PORT_TYPE_MIDI_GENERIC | SND_SEQ_PORT_TYPE_SYNTHESIZER | SND_SEQ_PORT_TYPE_APPLICATION);
            if (port < 0)
            {
                reason = $"ALSA sequencer: creating the port failed ({ErrorText(port)})";
                snd_seq_close(seq);
                return null;
            }
            // A private port (not exported) hears the system's announcements of ports coming and going.
            var announce = snd_seq_create_simple_port(seq, "announcements", SND_SEQ_PORT_CAP_WRITE | SND_SEQ_PORT_CAP_NO_EXPORT,
                SND_SEQ_PORT_TYPE_APPLICATION);
            if (announce >= 0 && snd_seq_connect_from(seq, announce, SND_SEQ_CLIENT_SYSTEM, SND_SEQ_PORT_SYSTEM_ANNOUNCE) < 0) announce = -1;
            var sequencer = new AlsaSequencer(seq, clientName, port, handler, logger, autoConnect);
            if (announce < 0) logger.LogWarning("ALSA sequencer: no announcements; keyboards plugged in later need a restart or aconnect");
            sequencer.ConnectExistingSources();
            reason = null;
            return sequencer;
        }
        catch (DllNotFoundException)
        {
            reason = $"ALSA sequencer not available: {Lib} not found (install the libasound2 package)";
            return null;
        }
    }

    /// <summary>Every port of every sequencer client (for 'nsynthbox devices'); empty when there is no sequencer.</summary>
    public static IReadOnlyList<SequencerPort> ListPorts(out string? reason)
    {
        try
        {
            SilenceLibraryMessages();
            var rc = snd_seq_open(out var seq, "default", SND_SEQ_OPEN_DUPLEX, SND_SEQ_NONBLOCK);
            if (rc < 0)
            {
                reason = $"ALSA sequencer not available ({ErrorText(rc)})";
                return [];
            }
            try
            {
                reason = null;
                return EnumeratePorts(seq);
            }
            finally
            {
                snd_seq_close(seq);
            }
        }
        catch (DllNotFoundException)
        {
            reason = $"{Lib} not found";
            return [];
        }
    }

    /// <summary>Whether the box subscribes to <paramref name="port"/> by itself.</summary>
    internal static bool ShouldAutoConnect(SequencerPort port, int ownClient, AutoConnect mode) =>
        mode != AutoConnect.None
        && port.Client != ownClient
        && port.Client != SND_SEQ_CLIENT_SYSTEM
        && port.IsSource
        && (port.Capabilities & SND_SEQ_PORT_CAP_NO_EXPORT) == 0
        && !port.ClientName.StartsWith("Midi Through", StringComparison.OrdinalIgnoreCase)
        && (mode == AutoConnect.All || port.IsHardware);

    /// <summary>Connects a source ("20:0", or a client name such as "Keystation") to the box's port.</summary>
    public bool ConnectFrom(string spec, out string message) => Connect(spec, source: true, out message);

    /// <summary>Connects the box's port to a destination ("20:0" or a client name): MIDI out goes there.</summary>
    public bool ConnectTo(string spec, out string message) => Connect(spec, source: false, out message);

    private bool Connect(string spec, bool source, out string message)
    {
        var ports = EnumeratePorts(_seq);
        var port = Resolve(ports, spec, source);
        if (port is null)
        {
            message = $"sequencer port '{spec}': not found (expected CLIENT:PORT or a client name; 'aconnect -l' lists them)";
            return false;
        }
        var rc = source ? snd_seq_connect_from(_seq, PortId, port.Client, port.Port) : snd_seq_connect_to(_seq, PortId, port.Client, port.Port);
        if (rc < 0 && rc != -Errno.EBUSY)
        {
            message = $"sequencer port {port}: connecting failed ({ErrorText(rc)})";
            return false;
        }
        if (source)
        {
            lock (_connected) _connected[(port.Client, port.Port)] = port;
        }
        message = $"{(source ? "from" : "to")} {port}";
        return true;
    }

    internal static SequencerPort? Resolve(IReadOnlyList<SequencerPort> ports, string spec, bool source)
    {
        var parts = spec.Split(':');
        if (parts.Length == 2 && int.TryParse(parts[0], out var c) && int.TryParse(parts[1], out var p))
            return ports.FirstOrDefault(x => x.Client == c && x.Port == p);
        return ports.FirstOrDefault(x => (source ? x.IsSource : x.IsDestination)
                                         && (x.ClientName.StartsWith(spec, StringComparison.OrdinalIgnoreCase) || x.PortName.StartsWith(spec, StringComparison.OrdinalIgnoreCase)));
    }

    private void ConnectExistingSources()
    {
        foreach (var port in EnumeratePorts(_seq))
        {
            if (ShouldAutoConnect(port, ClientId, _autoConnect)) Subscribe(port);
        }
    }

    private void Subscribe(SequencerPort port)
    {
        var rc = snd_seq_connect_from(_seq, PortId, port.Client, port.Port);
        if (rc < 0 && rc != -Errno.EBUSY)
        {
            _logger.LogWarning("MIDI: connecting {Port} failed ({Error})", port, ErrorText(rc));
            return;
        }
        lock (_connected) _connected[(port.Client, port.Port)] = port;
        _logger.LogInformation("MIDI: connected {Port}", port);
    }

    private static List<SequencerPort> EnumeratePorts(nint seq)
    {
        var result = new List<SequencerPort>();
        snd_seq_client_info_malloc(out var client);
        snd_seq_port_info_malloc(out var port);
        try
        {
            snd_seq_client_info_set_client(client, -1);
            while (snd_seq_query_next_client(seq, client) >= 0)
            {
                var id = snd_seq_client_info_get_client(client);
                var clientName = Text(snd_seq_client_info_get_name(client)) ?? "";
                snd_seq_port_info_set_client(port, id);
                snd_seq_port_info_set_port(port, -1);
                while (snd_seq_query_next_port(seq, port) >= 0)
                {
                    result.Add(new SequencerPort(id, snd_seq_port_info_get_port(port), clientName, Text(snd_seq_port_info_get_name(port)) ?? "",
                        snd_seq_port_info_get_capability(port), snd_seq_port_info_get_type(port)));
                }
            }
        }
        finally
        {
            snd_seq_port_info_free(port);
            snd_seq_client_info_free(client);
        }
        return result;
    }

    private SequencerPort? QueryPort(int client, int port)
    {
        snd_seq_client_info_malloc(out var clientInfo);
        snd_seq_port_info_malloc(out var portInfo);
        try
        {
            if (snd_seq_get_any_client_info(_seq, client, clientInfo) < 0 || snd_seq_get_any_port_info(_seq, client, port, portInfo) < 0) return null;
            return new SequencerPort(client, port, Text(snd_seq_client_info_get_name(clientInfo)) ?? "", Text(snd_seq_port_info_get_name(portInfo)) ?? "",
                snd_seq_port_info_get_capability(portInfo), snd_seq_port_info_get_type(portInfo));
        }
        finally
        {
            snd_seq_port_info_free(portInfo);
            snd_seq_client_info_free(clientInfo);
        }
    }

    public void Start()
    {
        if (_thread is not null) return;
        _thread = new Thread(Run) { IsBackground = true, Name = "nsynthbox-midi-seq", Priority = ThreadPriority.AboveNormal };
        _thread.Start();
    }

    public void Stop()
    {
        _wakeup.Signal();
        _thread?.Join();
        _thread = null;
    }

    private void Run()
    {
        var count = snd_seq_poll_descriptors_count(_seq, LibC.POLLIN);
        var fds = new LibC.PollFd[count + 1];
        fixed (LibC.PollFd* p = fds)
        {
            snd_seq_poll_descriptors(_seq, p, (uint)count, LibC.POLLIN);
            p[count] = new LibC.PollFd { Fd = _wakeup.Fd, Events = LibC.POLLIN };
            while (true)
            {
                for (var i = 0; i <= count; i++) p[i].Revents = 0;
                if (LibC.Poll(p, (nuint)(count + 1), -1) < 0 && Marshal.GetLastPInvokeError() != Errno.EINTR)
                {
                    _logger.LogError("ALSA sequencer: poll failed ({Error}); MIDI from the sequencer stops", LibC.ErrorText(Marshal.GetLastPInvokeError()));
                    return;
                }
                if (p[count].Revents != 0) return;
                DrainInput();
            }
        }
    }

    private void DrainInput()
    {
        while (true)
        {
            SeqEvent* ev;
            var rc = snd_seq_event_input(_seq, &ev);
            if (rc == -Errno.ENOSPC)
            {
                // The kernel's input pool overflowed (events were lost); reading goes on.
                Interlocked.Increment(ref _dropped);
                continue;
            }
            if (rc < 0 || ev is null) return;
            try
            {
                Handle(*ev);
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                _logger.LogError(e, "ALSA sequencer: handling an event failed");
            }
        }
    }

    private void Handle(in SeqEvent ev)
    {
        if (ev.SourceClient == SND_SEQ_CLIENT_SYSTEM)
        {
            HandleAnnouncement(ev);
            return;
        }
        if (ev.SourceClient == ClientId) return; // our own output looped back
        var n = SeqEventCodec.Decode(ev, _decoded);
        for (var i = 0; i < n; i++) _handler.OnMessage(in _decoded[i]);
    }

    private void HandleAnnouncement(in SeqEvent ev)
    {
        switch (ev.Type)
        {
            case SeqEventType.PortStart:
                if (ev.AddrClient == ClientId) return;
                var port = QueryPort(ev.AddrClient, ev.AddrPort);
                if (port is not null && ShouldAutoConnect(port, ClientId, _autoConnect)) Subscribe(port);
                break;
            case SeqEventType.PortExit:
                SequencerPort? gone;
                lock (_connected) _connected.Remove((ev.AddrClient, ev.AddrPort), out gone);
                if (gone is not null) _logger.LogInformation("MIDI: {Port} disconnected (unplugged?)", gone);
                break;
            case SeqEventType.PortSubscribed:
                if (ev.ConnectDestClient == ClientId && ev.ConnectDestPort == PortId && ev.AddrClient != ClientId)
                {
                    var from = QueryPort(ev.AddrClient, ev.AddrPort);
                    if (from is not null)
                    {
                        bool added;
                        lock (_connected) added = _connected.TryAdd((from.Client, from.Port), from);
                        if (added) _logger.LogInformation("MIDI: {Port} connected to the box", from);
                    }
                }
                break;
        }
    }

    /// <summary>Sends to every subscriber of the box's port (thread-safe; dropped and counted when the kernel has no room).</summary>
    public void Send(in MidiMessage message)
    {
        var ev = default(SeqEvent);
        if (!SeqEventCodec.TryEncode(message, ref ev)) return;
        ev.Queue = SND_SEQ_QUEUE_DIRECT;
        ev.SourcePort = (byte)PortId;
        ev.DestClient = SND_SEQ_ADDRESS_SUBSCRIBERS;
        ev.DestPort = SND_SEQ_ADDRESS_UNKNOWN;
        lock (_outputLock)
        {
            if (_seq == 0) return;
            if (snd_seq_event_output_direct(_seq, &ev) < 0) Interlocked.Increment(ref _dropped);
        }
    }

    public void Dispose()
    {
        Stop();
        lock (_outputLock)
        {
            var seq = Interlocked.Exchange(ref _seq, 0);
            if (seq != 0) snd_seq_close(seq);
        }
        _wakeup.Dispose();
    }
}
