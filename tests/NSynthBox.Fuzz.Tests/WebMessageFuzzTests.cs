using System.Text;
using CsCheck;
using NSynthBox.Engine;
using NSynthBox.Web;

namespace NSynthBox.Fuzz.Tests;

/// <summary>
/// What a browser (or anything that reaches the socket) sends the web panel: every message is
/// parsed without an exception into either a valid request, whose control event is in the range the
/// engine takes, or an error naming what was expected.
/// </summary>
public sealed class WebMessageFuzzTests
{
    private const int Instruments = 112;
    private const int PatchSlots = 4;

    private static readonly string[] Seeds =
    [
        """{"t":"xy","x":0.25,"y":0.75,"id":1}""",
        """{"t":"knob","knob":"release","v":0.5}""",
        """{"t":"corner","corner":3,"instrument":111}""",
        """{"t":"noteOn","note":60,"velocity":0.5,"channel":2}""",
        """{"t":"noteOff","note":60}""",
        """{"t":"sustain","down":true}""",
        """{"t":"bend","v":-1}""",
        """{"t":"patch","action":"save","slot":3}""",
        """{"t":"midi","data":[145,64,127]}""",
        """{"t":"settings","save":true,"settings":{"midiChannel":3,"audioDevice":"hw:1,0","modelPath":"","ccMap":{"x":16,"attack":null}}}""",
        """{"t":"ping","id":7}""",
        """{"t":"allNotesOff","id":4}""",
    ];

    private static readonly Gen<(int Seed, JsonMutations.Mutation[] Mutations)> Cases = Gen.Select(Gen.Int[0, Seeds.Length - 1], JsonMutations.Mutation1.Array[1, 3]);

    [Fact]
    public void Json_level_mutations_of_panel_messages_parse_to_a_valid_request_or_a_named_error()
    {
        var parser = new ClientMessageParser(Instruments, PatchSlots, pitchBendRange: 2f);
        Fuzz.Check(Cases, c => Check(parser, Encoding.UTF8.GetBytes(JsonMutations.Apply(Seeds[c.Seed], c.Mutations))),
            ciIterations: 3000, print: c => $"{Seeds[c.Seed]}: {JsonMutations.Describe(Seeds[c.Seed], c.Mutations)}");
    }

    [Fact]
    public void Byte_level_mutations_of_panel_messages_parse_to_a_valid_request_or_a_named_error()
    {
        var parser = new ClientMessageParser(Instruments, PatchSlots, pitchBendRange: 2f);
        var seeds = Seeds.Select((s, i) => ($"message{i}", Encoding.UTF8.GetBytes(s))).ToArray();
        Fuzz.Check(ByteMutations.Of(seeds, maxMutations: 3), c => Check(parser, c.Bytes), ciIterations: 3000,
            print: c => string.Join("; ", c.Mutations));
    }

    private static void Check(ClientMessageParser parser, byte[] message)
    {
        var request = parser.Parse(message, new PanelSettings());
        switch (request)
        {
            case InvalidRequest invalid:
                Assert.False(string.IsNullOrWhiteSpace(invalid.Error));
                break;
            case ControlRequest control:
                CheckInRange(control.Event);
                break;
            case SettingsRequest settings:
                Assert.NotNull(settings.Settings);
                break;
            default:
                Assert.True(request is PingRequest or IgnoredRequest, request.GetType().Name);
                break;
        }
    }

    private static void CheckInRange(ControlEvent e)
    {
        Assert.True(float.IsFinite(e.Value) && float.IsFinite(e.Y), e.ToString());
        Assert.InRange(e.Channel, 0, 15);
        switch (e.Kind)
        {
            case ControlKind.Position2D:
                Assert.InRange(e.X, 0f, 1f);
                Assert.InRange(e.Y, 0f, 1f);
                break;
            case ControlKind.Knob:
                Assert.InRange(e.Index, 0, 5);
                Assert.InRange(e.Value, 0f, 1f);
                break;
            case ControlKind.Corner:
                Assert.InRange(e.Index, 0, 3);
                Assert.InRange((int)e.Value, 0, Instruments - 1);
                break;
            case ControlKind.NoteOn or ControlKind.NoteOff:
                Assert.InRange(e.Index, 0, 127);
                Assert.InRange(e.Value, 0f, 1f);
                break;
            case ControlKind.PatchSave or ControlKind.PatchRecall:
                Assert.InRange(e.Index, 0, PatchSlots - 1);
                break;
        }
    }
}
