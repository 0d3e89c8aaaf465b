using CsCheck;

namespace NSynthBox.Fuzz.Tests;

/// <summary>
/// A hand-edited /etc/nsynthbox/config.json: whatever it holds, <c>nsynthbox run</c> either reads it or
/// stops with one <see cref="UserInputException"/> line naming the file; never another exception
/// (which would be a stack trace in the journal and a service that restarts in a loop).
/// </summary>
public sealed class ConfigFuzzTests
{
    /// <summary>Every section and most keys, the way docs/LIVE.md shows them.</summary>
    private const string Seed = """
        {
          "Audio": { "Sink": "null", "Device": "hw:CARD=sndrpihifiberry,DEV=0", "SampleRate": 48000, "PeriodFrames": 64, "Periods": 2,
                     "Channels": 2, "Format": "s32", "WavPath": "take.wav", "WavFloat": false, "RealtimePriority": 70, "LockMemory": true },
          "Midi": { "Channel": -1, "Sequencer": true, "ClientName": "NSynthBox", "AutoConnect": "hardware", "Connect": [ "24:0" ],
                    "Inputs": [ { "Path": "/dev/ttyAMA0", "Baud": 38400 }, "/dev/snd/midiC1D0@31250" ], "Outputs": [ "/dev/ttyAMA0", "seq:Synth" ],
                    "Thru": true, "SendPanel": true, "OutputChannel": 0, "Mpe": false, "MpeMemberChannels": 15, "CcMap": { "attack": 73, "volume": null } },
          "Panel": { "Mode": "hardware", "Board": "pi4" },
          "Engine": { "Polyphony": 16, "PitchBendRange": 2, "Corners": [ "flute", "cello", "gm:1", "57" ] },
          "Model": { "ExecutionProvider": "cpu" },
          "Web": { "Enabled": true, "Port": 8080, "Bind": "0.0.0.0" },
          "State": { "Directory": "/tmp/nsynthbox-fuzz-state" }
        }
        """;

    [Fact]
    public void The_seed_config_reads()
    {
        using var temp = new TempFolder("config");
        var path = temp.FileForThisThread(".json");
        File.WriteAllText(path, Seed);
        var config = BoxConfigReader.Load(path, defaultPath: null);
        Assert.Equal(64, config.Audio.PeriodFrames);
    }

    [Fact]
    public void Json_level_mutations_of_a_config_read_or_fail_naming_the_file()
    {
        using var temp = new TempFolder("config");
        Fuzz.Check(JsonMutations.Mutation1.Array[1, 3], mutations => ReadOrReject(temp, System.Text.Encoding.UTF8.GetBytes(JsonMutations.Apply(Seed, mutations))),
            ciIterations: 1500, print: m => JsonMutations.Describe(Seed, m));
    }

    [Fact]
    public void Byte_level_mutations_of_a_config_read_or_fail_naming_the_file()
    {
        using var temp = new TempFolder("config");
        var seeds = new[] { ("config.json", System.Text.Encoding.UTF8.GetBytes(Seed)) };
        Fuzz.Check(ByteMutations.Of(seeds, maxMutations: 3), c => ReadOrReject(temp, c.Bytes), ciIterations: 1500,
            print: c => string.Join("; ", c.Mutations));
    }

    private static void ReadOrReject(TempFolder temp, byte[] json)
    {
        var path = temp.FileForThisThread(".json");
        File.WriteAllBytes(path, json);
        try
        {
            BoxConfigReader.Load(path, defaultPath: null);
        }
        catch (UserInputException e)
        {
            Assert.Contains(path, e.Message, StringComparison.Ordinal);
        }
    }
}
