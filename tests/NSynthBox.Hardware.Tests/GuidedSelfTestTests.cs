using System.Device.Gpio;
using NSynthBox.Hardware.Tests.Fakes;

namespace NSynthBox.Hardware.Tests;

/// <summary>
/// The guided self-test against the chip fakes, with a test "hand" that does what each step asks
/// (turns the knob on its channel, clicks the encoder through its Gray code, touches the strip) on
/// a bench that may be wired wrong.
/// </summary>
public class GuidedSelfTestTests
{
    private readonly FakeBusFactory _bench = FakeBusFactory.ReferenceBuild();
    private readonly PanelConfig _config = TestConfig.Pi4;

    /// <summary>Steps that pass finish at once; a step that fails waits this long first.</summary>
    private static readonly GuidedSelfTestOptions Quick = new() { StepTimeout = TimeSpan.FromSeconds(1), TouchSettleTime = TimeSpan.Zero };

    private IReadOnlyList<SelfTestLine> Run(Hand hand) => GuidedSelfTest.Run(_config, _bench, hand, Quick);

    private static string Failures(IEnumerable<SelfTestLine> lines) =>
        string.Join("\n", lines.Where(l => l.Status == SelfTestStatus.Fail).Select(l => l.Text));

    [Fact]
    public void Every_control_passes_when_it_changes_as_asked()
    {
        var hand = new Hand(_config, _bench);
        IReadOnlyList<SelfTestLine> lines = Run(hand);

        Assert.Equal("", Failures(lines));
        Assert.Contains(lines, l => l.Text == "SSD1306 OLED shows the test pattern");
        Assert.Contains(lines, l => l.Text == "knob Attack (RV2, MCP3008 CH1) turned end to end (0..1023)");
        Assert.Contains(lines, l => l.Text == "encoder 3 (ENC3, bottom-left) counted one click clockwise");
        Assert.Contains(lines, l => l.Text == "encoder 3 (ENC3, bottom-left) counted one click counter-clockwise");
        Assert.Contains(lines, l => l.Text == "encoder 4 (ENC4, bottom-right) press seen on GPIO27 (pin 13)");
        Assert.Contains(lines, l => l.Text == "row 1 responds on electrode 0");
        Assert.Contains(lines, l => l.Text == "column 6 responds on electrode 11");
        Assert.Equal(1 + 6 + 4 * 3 + 12, lines.Count(l => l.Status == SelfTestStatus.Ok));
        Assert.Contains(hand.Steps, s => s.StartsWith("Turn knob Volume (RV6, MCP3008 CH5) fully counter-clockwise", StringComparison.Ordinal));
        Assert.Equal("Touch row 6 of the grid (rows count from the top) and keep your finger on it.", hand.Steps.Single(s => s.StartsWith("Touch row 6", StringComparison.Ordinal)));
        Assert.True(_bench.Oled.DataWrites.Count >= 8 * hand.Steps.Count, "the OLED showed every step too");
    }

    [Fact]
    public void Swapped_knob_wipers_name_both_knobs()
    {
        var hand = new Hand(_config, _bench) { KnobChannel = ch => ch switch { 1 => 2, 2 => 1, _ => ch } };
        string failures = Failures(Run(hand));

        Assert.Contains("knob Attack (RV2, MCP3008 CH1) did not move, but knob Decay (RV3, MCP3008 CH2) did: if you turned Attack, the wipers of Attack and Decay are swapped", failures);
        Assert.Contains("knob Decay (RV3, MCP3008 CH2) did not move, but knob Attack (RV2, MCP3008 CH1) did", failures);
    }

    [Fact]
    public void Open_outer_leg_is_named_by_the_end_it_cannot_reach()
    {
        var hand = new Hand(_config, _bench) { KnobTop = 700 };
        string failures = Failures(Run(hand));

        Assert.Contains("knob Position (RV1, MCP3008 CH0) reached only 68% at the clockwise end: its outer leg to 3V3 (pin 1) is open or badly soldered", failures);
    }

    [Fact]
    public void Encoder_with_a_and_b_swapped_is_told_to_swap_them()
    {
        var hand = new Hand(_config, _bench) { SwappedEncoder = 1 };
        string failures = Failures(Run(hand));

        Assert.Contains("encoder 2 (ENC2, top-right) counted counter-clockwise when turned clockwise: A and B are swapped (swap the wires on GPIO13 (pin 33) and GPIO16 (pin 36))", failures);
    }

    [Fact]
    public void Disconnected_encoder_passes_at_rest_but_not_when_turned()
    {
        var hand = new Hand(_config, _bench) { DeadEncoder = 0 };
        SelfTestReport atRest = SelfTest.Run(_config, _bench, new SelfTestOptions { TouchSettleTime = TimeSpan.Zero });
        string failures = Failures(Run(hand));

        Assert.True(atRest.Passed); // it reads high at rest like a good one
        Assert.Contains("encoder 1 (ENC1, top-left) did not change A (GPIO5 (pin 29)) or B (GPIO6 (pin 31)): check the middle leg (C) goes to GND", failures);
        Assert.Contains("encoder 1 (ENC1, top-left) press never seen: check GPIO12 (pin 32) goes to one switch pin of ENC1", failures);
    }

    [Fact]
    public void Strip_that_never_responds_names_its_electrode_wire()
    {
        var hand = new Hand(_config, _bench) { DeadElectrode = 3 };
        string failures = Failures(Run(hand));

        Assert.Equal("row 4 never responded: check the wire from MPR121 ELE3 to the row 4 copper strip, its solder joint on the tab, and the strip end to end", failures);
    }

    [Fact]
    public void Oled_that_shows_nothing_suggests_the_sh1106()
    {
        var hand = new Hand(_config, _bench) { SeesOled = false };
        string failures = Failures(Run(hand));

        Assert.StartsWith("OLED shows no test pattern: a 1.3 in module is usually an SH1106 (set Panel:Display to sh1106)", failures);
    }

    /// <summary>Does what each step asks on the fake bench, wired as the test says.</summary>
    private sealed class Hand(PanelConfig config, FakeBusFactory bench) : ISelfTestGuide
    {
        private static readonly int[] Clockwise = [0b01, 0b00, 0b10, 0b11];
        private static readonly int[] CounterClockwise = [0b10, 0b00, 0b01, 0b11];
        private static readonly TimeSpan Pause = TimeSpan.FromMilliseconds(5);

        public List<string> Steps { get; } = [];

        public Func<int, int> KnobChannel { get; init; } = ch => ch;

        public int KnobTop { get; init; } = 1023;

        public int? SwappedEncoder { get; init; }

        public int? DeadEncoder { get; init; }

        public int? DeadElectrode { get; init; }

        public bool SeesOled { get; init; } = true;

        public void Report(SelfTestLine line)
        {
        }

        public bool Ask(string question) => SeesOled;

        public void Instruct(string step, string instruction)
        {
            _last.Wait(); // the previous move is finished before the next step
            Steps.Add(instruction);
            bench.Mpr121.ReleaseAll();
            if (step.StartsWith("Knob ", StringComparison.Ordinal))
            {
                int channel = KnobChannel(config.Knobs.Single(k => "Knob " + k.Knob == step).Channel);
                Act(() =>
                {
                    bench.Spi!.Channels[channel] = 0;
                    Thread.Sleep(Pause);
                    bench.Spi.Channels[channel] = KnobTop;
                    Thread.Sleep(Pause);
                    bench.Spi.Channels[channel] = 512;
                });
            }
            else if (step.StartsWith("Encoder ", StringComparison.Ordinal))
            {
                int index = int.Parse(step["Encoder ".Length..], System.Globalization.CultureInfo.InvariantCulture) - 1;
                EncoderPins enc = config.Encoders[index];
                if (index == DeadEncoder)
                {
                    return;
                }

                if (instruction.StartsWith("Press", StringComparison.Ordinal))
                {
                    Act(() =>
                    {
                        bench.Gpio.Set(enc.Push.Line, PinValue.Low);
                        Thread.Sleep(Pause);
                        bench.Gpio.Set(enc.Push.Line, null);
                    });
                    return;
                }

                int[] states = instruction.Contains("counter-clockwise", StringComparison.Ordinal) ? CounterClockwise : Clockwise;
                (int a, int b) = index == SwappedEncoder ? (enc.B.Line, enc.A.Line) : (enc.A.Line, enc.B.Line);
                Act(() =>
                {
                    foreach (int state in states)
                    {
                        bench.Gpio.SetHigh(a, (state & 2) != 0);
                        bench.Gpio.SetHigh(b, (state & 1) != 0);
                        Thread.Sleep(Pause);
                    }
                });
            }
            else if (step.StartsWith("Touch ", StringComparison.Ordinal))
            {
                string strip = step["Touch ".Length..];
                int electrode = config.RowElectrodes.Concat(config.ColumnElectrodes).Single(e => WiringAdvice.Strip(config, e) == strip);
                if (electrode != DeadElectrode)
                {
                    bench.Mpr121.Touch(electrode, 40);
                }
            }
        }

        private Task _last = Task.CompletedTask;

        private void Act(Action move) => _last = Task.Run(() =>
        {
            Thread.Sleep(Pause);
            move();
        });
    }
}
