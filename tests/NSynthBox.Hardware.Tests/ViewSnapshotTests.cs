using NSynthBox.Engine;

namespace NSynthBox.Hardware.Tests;

/// <summary>The OLED views, compared pixel for pixel with the PNGs in Snapshots/.</summary>
public class ViewSnapshotTests
{
    private static readonly string[] Instruments = ["bass", "brass", "flute", "guitar", "keyboard", "mallet", "organ", "reed", "string", "synth_lead", "vocal"];

    [Fact]
    public void Home_view_shows_the_grid_the_finger_and_the_corner_instruments()
    {
        var frame = new MonoFramebuffer();
        HomeView.Render(frame, 0.3f, 0.7f, touching: true, ["flute", "keyboard", "synth_lead", "vocal"]);
        Snapshot.Match(frame, "home");
    }

    [Fact]
    public void Home_view_after_lift_shows_a_hollow_finger()
    {
        var frame = new MonoFramebuffer();
        HomeView.Render(frame, 1f, 0f, touching: false, ["bass", "brass", "mallet", "string"]);
        Snapshot.Match(frame, "home-lifted");
    }

    [Fact]
    public void Value_view_shows_a_knob_in_words_with_a_bar()
    {
        var frame = new MonoFramebuffer();
        ValueView.Render(frame, "Attack", "120 ms", 0.3f);
        Snapshot.Match(frame, "value-attack");
    }

    [Fact]
    public void Patch_view_confirms_a_save()
    {
        var frame = new MonoFramebuffer();
        PatchView.Render(frame, saved: true, 3);
        Snapshot.Match(frame, "patch-saved");
    }

    [Fact]
    public void Message_view_shows_an_error()
    {
        var frame = new MonoFramebuffer();
        MessageView.Render(frame, "Check wiring", "touch sensor not found at 0x5A");
        Snapshot.Match(frame, "message-touch-missing");
    }

    [Fact]
    public void Long_message_is_word_wrapped()
    {
        var frame = new MonoFramebuffer();
        MessageView.Render(frame, "Check wiring",
            "MPR121 at 0x5A did not answer on I2C bus 1: check SDA (header pin 3) and SCL (pin 5), and 3V3 (pin 1)");
        Snapshot.Match(frame, "message-wrapped");
    }

    [Fact]
    public void Screen_shows_the_knob_view_while_it_turns_then_returns_home()
    {
        var screen = new PanelScreen(Instruments, (knob, v) => knob == Knob.Attack ? $"{v * 400:0} ms" : $"{v:0.00}");
        var frame = new MonoFramebuffer();
        var home = new MonoFramebuffer();
        HomeView.Render(home, 0.5f, 0.5f, false, ["bass", "brass", "flute", "guitar"]);

        screen.Handle(ControlEvent.SetKnob(Knob.Attack, 0.3f), TimeSpan.FromSeconds(1));
        screen.Render(frame, TimeSpan.FromSeconds(1.1));
        var expected = new MonoFramebuffer();
        ValueView.Render(expected, "Attack", "120 ms", 0.3f);
        AssertSame(expected, frame);

        screen.Render(frame, TimeSpan.FromSeconds(3));
        AssertSame(home, frame);
    }

    [Fact]
    public void Screen_follows_corners_patches_and_messages()
    {
        var screen = new PanelScreen(Instruments);
        var frame = new MonoFramebuffer();
        var expected = new MonoFramebuffer();

        screen.Handle(ControlEvent.SetCorner(3, 9), TimeSpan.Zero);
        screen.Handle(ControlEvent.Position2D(0.2f, 0.8f), TimeSpan.Zero);
        screen.Render(frame, TimeSpan.FromMilliseconds(100));
        HomeView.Render(expected, 0.2f, 0.8f, true, ["bass", "brass", "flute", "synth_lead"]);
        AssertSame(expected, frame);

        screen.Handle(ControlEvent.SavePatch(2), TimeSpan.FromSeconds(1));
        screen.Render(frame, TimeSpan.FromSeconds(1.2));
        PatchView.Render(expected, saved: true, 3);
        AssertSame(expected, frame);

        screen.ShowMessage("touch sensor not found at 0x5A");
        screen.Render(frame, TimeSpan.FromSeconds(10));
        MessageView.Render(expected, "Check wiring", "touch sensor not found at 0x5A");
        AssertSame(expected, frame);

        screen.ClearMessage();
        screen.Render(frame, TimeSpan.FromSeconds(10));
        HomeView.Render(expected, 0.2f, 0.8f, false, ["bass", "brass", "flute", "synth_lead"]);
        AssertSame(expected, frame);
    }

    [Theory]
    [InlineData("flute", "flute")]
    [InlineData("keyboard", "Kybrd")]
    [InlineData("synth_lead", "SynLd")]
    [InlineData("mallet", "Mallt")]
    [InlineData("bass guitar", "BssGt")]
    public void Instrument_names_are_abbreviated_to_five_characters(string name, string expected)
    {
        string abbreviated = TextLayout.Abbreviate(name, 5);
        Assert.True(abbreviated.Length <= 5);
        Assert.Equal(expected, abbreviated, ignoreCase: true);
    }

    private static void AssertSame(MonoFramebuffer expected, MonoFramebuffer actual)
    {
        for (int p = 0; p < MonoFramebuffer.PageCount; p++)
        {
            Assert.Equal(expected.Page(p).ToArray(), actual.Page(p).ToArray());
        }
    }
}
