using System.Text;
using NSynthBox.Web;

namespace NSynthBox.Fuzz.Tests.Regressions;

/// <summary>Web panel messages the fuzz tests found that the parser did not turn into an error reply.</summary>
public sealed class WebMessageRegressionTests
{
    private readonly ClientMessageParser _parser = new(instrumentCount: 112, patchSlots: 4, pitchBendRange: 2f);

    [Theory]
    [InlineData("""{"t":"\ud800","id":3}""")]                   // a lone surrogate in a string
    [InlineData("""{"t":"knob","knob":"\udc00x","v":0.5}""")]
    [InlineData("""{"t":"xy","\ud800":1}""")]                   // ... and in a property name
    public void Lone_surrogate_is_an_error_reply(string message)
    {
        // Was InvalidOperationException out of Parse: JsonElement.GetString refuses such text.
        var invalid = Assert.IsType<InvalidRequest>(_parser.Parse(Encoding.UTF8.GetBytes(message), new PanelSettings()));
        Assert.Contains("lone UTF-16 surrogate", invalid.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Invalid_utf8_inside_a_string_is_an_error_reply()
    {
        // Was InvalidOperationException (DecoderFallbackException inside): the document parses, the string does not decode.
        byte[] message = [.. """{"t":"x"""u8, 0x90, .. """y"}"""u8];
        var invalid = Assert.IsType<InvalidRequest>(_parser.Parse(message, new PanelSettings()));
        Assert.Contains("not valid UTF-8", invalid.Error, StringComparison.Ordinal);
    }
}
