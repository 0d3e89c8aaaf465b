using System.CommandLine;
using NSynthBox.Platform.Audio;
using NSynthBox.Platform.Midi;

namespace NSynthBox;

/// <summary>nsynthbox devices: the audio outputs and MIDI ports this machine has, by the names the config takes.</summary>
internal static class DevicesCommand
{
    public static Command Create()
    {
        var command = new Command("devices", "List audio outputs and MIDI ports");
        command.SetAction(_ => Cli.Guard(Run));
        return command;
    }

    private static int Run()
    {
        Console.WriteLine("Sound cards:");
        var cards = AlsaDevices.Cards();
        if (cards.Count == 0) Console.WriteLine("  none (Audio:Sink = null or wav plays without one)");
        foreach (var (index, name) in cards) Console.WriteLine($"  {index}: {name}");

        Console.WriteLine("Audio outputs (Audio:Device):");
        var pcms = AlsaDevices.PlaybackDevices(out var pcmReason);
        if (pcmReason is not null) Console.WriteLine($"  ({pcmReason})");
        foreach (var pcm in pcms) Console.WriteLine($"  {pcm.Name,-40} {pcm.Description}");

        Console.WriteLine("MIDI sequencer ports (Midi:Connect, seq: outputs):");
        var ports = AlsaSequencer.ListPorts(out var seqReason);
        if (seqReason is not null) Console.WriteLine($"  ({seqReason})");
        foreach (var port in ports.Where(p => p.Client != 0))
            Console.WriteLine($"  {port}{(port.IsSource ? "  [in]" : "")}{(port.IsDestination ? "  [out]" : "")}");

        Console.WriteLine("Raw MIDI devices and serial ports (Midi:Inputs, Midi:Outputs):");
        var raw = AlsaDevices.RawMidiDevices().Concat(AlsaDevices.SerialPorts()).ToList();
        if (raw.Count == 0) Console.WriteLine("  none");
        foreach (var path in raw) Console.WriteLine($"  {path}");
        return 0;
    }
}
