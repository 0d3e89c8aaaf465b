using System.Device.Gpio;
using NSynthBox.Engine;
using NSynthBox.Hardware.Tests.Fakes;

namespace NSynthBox.Hardware.Tests;

public class EncoderTests
{
    private const int A = 5, B = 6, Push = 12;
    private readonly FakeGpioDriver _gpio = new();

    // (A, B) levels as 2-bit numbers: A is the high bit. Clockwise from rest: 11 -> 01 -> 00 -> 10 -> 11.
    private static readonly int[] ClockwiseDetent = [0b01, 0b00, 0b10, 0b11];
    private static readonly int[] CounterClockwiseDetent = [0b10, 0b00, 0b01, 0b11];

    private int Feed(RotaryEncoder encoder, params int[] states)
    {
        int detents = 0;
        foreach (int s in states)
        {
            _gpio.SetHigh(A, (s & 2) != 0);
            _gpio.SetHigh(B, (s & 1) != 0);
            detents += encoder.Poll();
        }

        return detents;
    }

    private RotaryEncoder Encoder() => new(new GpioController(_gpio), A, B);

    [Fact]
    public void Encoder_inputs_get_pull_ups()
    {
        RotaryEncoder encoder = Encoder();
        Assert.True(encoder.HasPullUps);
        Assert.Equal(PinMode.InputPullUp, _gpio.ModeOf(A));
        Assert.Equal(PinMode.InputPullUp, _gpio.ModeOf(B));
    }

    [Fact]
    public void One_clockwise_detent_counts_one()
    {
        Assert.Equal(1, Feed(Encoder(), ClockwiseDetent));
    }

    [Fact]
    public void One_counter_clockwise_detent_counts_minus_one()
    {
        Assert.Equal(-1, Feed(Encoder(), CounterClockwiseDetent));
    }

    [Fact]
    public void Three_detents_count_three()
    {
        RotaryEncoder encoder = Encoder();
        Assert.Equal(3, Feed(encoder, [.. ClockwiseDetent, .. ClockwiseDetent, .. ClockwiseDetent]));
        Assert.Equal(-2, Feed(encoder, [.. CounterClockwiseDetent, .. CounterClockwiseDetent]));
    }

    [Fact]
    public void Encoder_bounce_does_not_count()
    {
        RotaryEncoder encoder = Encoder();
        // Contact A chatters as it starts to open, then settles back at rest: no detent.
        Assert.Equal(0, Feed(encoder, 0b01, 0b11, 0b01, 0b11, 0b01, 0b11));
        // A real detent with bounce on every edge still counts exactly one.
        Assert.Equal(1, Feed(encoder, 0b01, 0b11, 0b01, 0b00, 0b01, 0b00, 0b10, 0b00, 0b10, 0b11, 0b10, 0b11));
        // Turning half way and back is not a detent.
        Assert.Equal(0, Feed(encoder, 0b01, 0b00, 0b01, 0b11));
    }

    [Fact]
    public void Invalid_transitions_are_ignored()
    {
        RotaryEncoder encoder = Encoder();
        Assert.Equal(0, Feed(encoder, 0b00, 0b11, 0b00, 0b11));  // both inputs flip at once: impossible for a turn
        Assert.Equal(4, encoder.InvalidTransitions);
        Assert.Equal(1, Feed(encoder, ClockwiseDetent));         // and it still counts afterwards
    }

    [Fact]
    public void A_fast_turn_that_misses_one_sample_still_counts()
    {
        Assert.Equal(1, Feed(Encoder(), 0b01, 0b10, 0b11));       // 00 was never seen
    }

    [Fact]
    public void Reversed_encoder_counts_the_other_way()
    {
        var encoder = new RotaryEncoder(new GpioController(_gpio), A, B) { Reverse = true };
        Assert.Equal(-1, Feed(encoder, ClockwiseDetent));
    }

    [Fact]
    public void Without_pull_up_support_the_encoder_still_works_and_says_so()
    {
        _gpio.SupportsPullUp = false;
        _gpio.SetHigh(A, true);
        _gpio.SetHigh(B, true);
        RotaryEncoder encoder = Encoder();
        Assert.False(encoder.HasPullUps);
        Assert.Equal(PinMode.Input, _gpio.ModeOf(A));
        Assert.Equal(1, Feed(encoder, ClockwiseDetent));
    }

    [Fact]
    public void A_gpio_chip_that_refuses_pull_ups_gives_a_plain_input()
    {
        _gpio.RefusesPullUp = true;
        RotaryEncoder encoder = Encoder();
        Assert.False(encoder.HasPullUps);
        Assert.Equal(PinMode.Input, _gpio.ModeOf(A));
    }

    private static TimeSpan Ms(double ms) => TimeSpan.FromMilliseconds(ms);

    [Fact]
    public void Short_press_is_a_press_on_release()
    {
        var button = new PushButton(new GpioController(_gpio), Push);
        Assert.Equal(ButtonAction.None, button.Poll(Ms(0)));
        _gpio.SetHigh(Push, false);
        Assert.Equal(ButtonAction.None, button.Poll(Ms(1)));
        Assert.Equal(ButtonAction.None, button.Poll(Ms(30)));
        Assert.True(button.IsPressed);
        _gpio.SetHigh(Push, true);
        Assert.Equal(ButtonAction.None, button.Poll(Ms(200)));
        Assert.Equal(ButtonAction.Press, button.Poll(Ms(230)));
        Assert.Equal(ButtonAction.None, button.Poll(Ms(300)));
    }

    [Fact]
    public void Long_hold_is_reported_once_while_held_and_the_release_is_silent()
    {
        var button = new PushButton(new GpioController(_gpio), Push);
        _gpio.SetHigh(Push, false);
        var actions = new List<ButtonAction>();
        for (int ms = 0; ms <= 1600; ms += 10)
        {
            if (ms == 1500)
            {
                _gpio.SetHigh(Push, true);
            }

            actions.Add(button.Poll(Ms(ms)));
        }

        Assert.Equal([ButtonAction.Hold], actions.Where(a => a != ButtonAction.None));
        int holdAt = actions.IndexOf(ButtonAction.Hold) * 10;
        Assert.InRange(holdAt, 1000, 1040);
    }

    [Fact]
    public void Bouncing_contacts_make_one_press()
    {
        var button = new PushButton(new GpioController(_gpio), Push);
        var actions = new List<ButtonAction>();
        bool[] levels = [false, true, false, true, false, false, false, false, false, false, false, false,
                         true, false, true, true, true, true, true, true, true, true, true];
        for (int i = 0; i < levels.Length; i++)
        {
            _gpio.SetHigh(Push, levels[i]);
            actions.Add(button.Poll(Ms(i * 5)));
        }

        Assert.Equal([ButtonAction.Press], actions.Where(a => a != ButtonAction.None));
    }

    [Fact]
    public void A_button_held_at_start_does_not_fire()
    {
        _gpio.SetHigh(Push, false);
        var button = new PushButton(new GpioController(_gpio), Push);
        Assert.Equal(ButtonAction.None, button.Poll(Ms(2000)));
        _gpio.SetHigh(Push, true);
        Assert.Equal(ButtonAction.None, button.Poll(Ms(2010)));
        Assert.Equal(ButtonAction.None, button.Poll(Ms(2040)));
    }
}

public class EncoderPanelTests
{
    private readonly FakeGpioDriver _gpio = new();
    private readonly List<ControlEvent> _events = [];
    private readonly PanelConfig _config = TestConfig.Pi4;

    private void Turn(EncoderPins pins, EncoderPanel panel, int detents, ref double ms)
    {
        int[] cw = [0b01, 0b00, 0b10, 0b11];
        int[] ccw = [0b10, 0b00, 0b01, 0b11];
        for (int d = 0; d < Math.Abs(detents); d++)
        {
            foreach (int s in detents > 0 ? cw : ccw)
            {
                _gpio.SetHigh(pins.A.Line, (s & 2) != 0);
                _gpio.SetHigh(pins.B.Line, (s & 1) != 0);
                panel.Poll(TimeSpan.FromMilliseconds(ms += 1), _events.Add);
            }
        }
    }

    [Fact]
    public void Turning_encoder_n_steps_corner_n_through_the_instruments_and_wraps()
    {
        var panel = new EncoderPanel(new GpioController(_gpio), _config.Encoders, instrumentCount: 5);
        double ms = 0;

        Turn(_config.Encoders[1], panel, 2, ref ms);        // corner 1 starts on instrument 1
        Turn(_config.Encoders[1], panel, 2, ref ms);        // 3, 4, then wraps to 0
        Turn(_config.Encoders[2], panel, -3, ref ms);       // corner 2 from 2: 1, 0, 4

        Assert.Equal(
            [
                ControlEvent.SetCorner(1, 2), ControlEvent.SetCorner(1, 3),
                ControlEvent.SetCorner(1, 4), ControlEvent.SetCorner(1, 0),
                ControlEvent.SetCorner(2, 1), ControlEvent.SetCorner(2, 0), ControlEvent.SetCorner(2, 4),
            ],
            _events);
        Assert.Equal(0, panel.InstrumentOf(1));
    }

    [Fact]
    public void Push_recalls_and_hold_saves_the_encoders_patch()
    {
        var panel = new EncoderPanel(new GpioController(_gpio), _config.Encoders, instrumentCount: 8);
        int push = _config.Encoders[3].Push.Line;

        _gpio.SetHigh(push, false);
        for (int ms = 0; ms <= 100; ms += 5)
        {
            panel.Poll(TimeSpan.FromMilliseconds(ms), _events.Add);
        }

        _gpio.SetHigh(push, true);
        for (int ms = 105; ms <= 200; ms += 5)
        {
            panel.Poll(TimeSpan.FromMilliseconds(ms), _events.Add);
        }

        _gpio.SetHigh(push, false);
        for (int ms = 205; ms <= 1400; ms += 5)
        {
            panel.Poll(TimeSpan.FromMilliseconds(ms), _events.Add);
        }

        Assert.Equal([ControlEvent.RecallPatch(3), ControlEvent.SavePatch(3)], _events);
    }

    [Fact]
    public void Corners_follow_a_change_made_elsewhere()
    {
        var panel = new EncoderPanel(new GpioController(_gpio), _config.Encoders, instrumentCount: 10, initialInstruments: [7, 7, 7, 7]);
        panel.SetInstrument(0, 9);
        double ms = 0;
        Turn(_config.Encoders[0], panel, 1, ref ms);

        Assert.Equal([ControlEvent.SetCorner(0, 0)], _events);
        Assert.Equal(7, panel.InstrumentOf(3));
    }
}
