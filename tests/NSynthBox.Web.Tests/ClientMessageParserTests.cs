using System.Text;
using NSynthBox.Engine;

namespace NSynthBox.Web.Tests;

public sealed class ClientMessageParserTests
{
    private readonly ClientMessageParser _parser = new(instrumentCount: 112, patchSlots: 4, pitchBendRange: 2f);

    private ClientRequest Parse(string json) => _parser.Parse(Encoding.UTF8.GetBytes(json), new PanelSettings());

    private ControlEvent Event(string json) => Assert.IsType<ControlRequest>(Parse(json)).Event;

    [Fact]
    public void Each_control_message_becomes_the_hardwares_control_event()
    {
        Assert.Equal(ControlEvent.Position2D(0.25f, 0.75f), Event("""{"t":"xy","x":0.25,"y":0.75}"""));
        Assert.Equal(ControlEvent.SetKnob(Knob.Release, 0.5f), Event("""{"t":"knob","knob":"release","v":0.5}"""));
        Assert.Equal(ControlEvent.SetKnob(Knob.Attack, 1f), Event("""{"t":"knob","knob":1,"v":1}"""));
        Assert.Equal(ControlEvent.SetCorner(3, 111), Event("""{"t":"corner","corner":3,"instrument":111}"""));
        Assert.Equal(ControlEvent.NoteOn(60, 0.5f, 2), Event("""{"t":"noteOn","note":60,"velocity":0.5,"channel":2}"""));
        Assert.Equal(ControlEvent.NoteOff(60), Event("""{"t":"noteOff","note":60}"""));
        Assert.Equal(ControlEvent.Sustain(true), Event("""{"t":"sustain","down":true}"""));
        Assert.Equal(ControlEvent.PitchBend(-2f), Event("""{"t":"bend","v":-1}"""));
        Assert.Equal(ControlEvent.SavePatch(3), Event("""{"t":"patch","action":"save","slot":3}"""));
        Assert.Equal(ControlEvent.RecallPatch(0), Event("""{"t":"patch","action":"recall","slot":0}"""));
        Assert.Equal(ControlEvent.AllNotesOff(), Event("""{"t":"allNotesOff","id":4}"""));
    }

    [Fact]
    public void Browser_midi_is_mapped_as_the_boxs_own_midi_input()
    {
        Assert.Equal(ControlEvent.NoteOn(64, 127 / 127f, 1), Event("""{"t":"midi","data":[145,64,127]}"""));
        Assert.Equal(ControlEvent.NoteOff(64, 1), Event("""{"t":"midi","data":[145,64,0]}"""));
        Assert.Equal(ControlEvent.Sustain(true), Event("""{"t":"midi","data":[176,64,127]}"""));
        Assert.IsType<IgnoredRequest>(Parse("""{"t":"midi","data":[248]}""")); // clock
    }

    [Theory]
    [InlineData("""{"t":"xy","x":-0.1,"y":0}""", "x -0.1: expected 0..1")]
    [InlineData("""{"t":"knob","knob":"wah","v":0}""", "unknown knob 'wah'")]
    [InlineData("""{"t":"corner","corner":0,"instrument":112}""", "instrument 112: expected 0..111")]
    [InlineData("""{"t":"noteOn","note":60}""", "velocity: missing")]
    [InlineData("""{"t":"xy","x":0,"y":0,"q":1}""", "unexpected field 'q'")]
    [InlineData("""{"t":"midi","data":[144,60]}""", "takes 3 bytes")]
    [InlineData("""{"t":"settings","action":"delete","settings":{}}""", "action: expected one of")]
    [InlineData("{\"t\":\"xy\"", "not valid JSON")]
    public void A_bad_message_is_named_with_what_was_expected(string json, string expected)
    {
        var error = Assert.IsType<InvalidRequest>(Parse(json));
        Assert.Contains(expected, error.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Settings_fields_of_the_wrong_type_become_field_errors()
    {
        var request = Assert.IsType<SettingsRequest>(Parse("""{"t":"settings","action":"save","settings":{"midiChannel":"ten","ccMap":{"x":"","y":"21","attack":true},"audioDevice":5,"modelPath":""}}"""));
        Assert.True(request.Save);
        Assert.Contains("whole number", request.FieldErrors["midiChannel"], StringComparison.Ordinal);
        Assert.Contains("CC number", request.FieldErrors["ccMap.attack"], StringComparison.Ordinal);
        Assert.Contains("text", request.FieldErrors["audioDevice"], StringComparison.Ordinal);
        Assert.Null(request.Settings.CcMap["x"]);
        Assert.Equal(21, request.Settings.CcMap["y"]);
    }

    [Fact]
    public void Random_bytes_never_throw()
    {
        var random = new Random(7);
        string[] pieces = ["{", "}", "[", "]", "\"t\"", ":", ",", "\"xy\"", "\"x\"", "0.5", "1e309", "null", "true", "\"", "\\", "\u0000", "-", "\"settings\"", "\"midi\""];
        for (var i = 0; i < 5000; i++)
        {
            var sb = new StringBuilder();
            for (var n = random.Next(1, 30); n > 0; n--) sb.Append(pieces[random.Next(pieces.Length)]);
            var request = Parse(sb.ToString());
            Assert.NotNull(request);
        }
    }
}
