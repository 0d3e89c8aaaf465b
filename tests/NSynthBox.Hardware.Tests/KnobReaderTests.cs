using NSynthBox.Engine;
using NSynthBox.Hardware.Tests.Fakes;

namespace NSynthBox.Hardware.Tests;

public class KnobReaderTests
{
    private static readonly Knob[] SixKnobs = [Knob.Position, Knob.Attack, Knob.Decay, Knob.Sustain, Knob.Release, Knob.Volume];
    private readonly List<ControlEvent> _events = [];

    [Fact]
    public void First_reading_of_every_knob_is_sent()
    {
        var spi = new FakeMcp3008();
        spi.Channels[1] = 1023;
        var reader = new KnobReader(new Mcp3008KnobSource(new Mcp3008(spi), [0, 1, 2, 3, 4, 5]), SixKnobs, smoothing: 0);

        reader.Poll(_events.Add);

        Assert.Equal(6, _events.Count);
        Assert.Equal(ControlEvent.SetKnob(Knob.Attack, 1f), _events[1]);
        Assert.Equal(ControlEvent.SetKnob(Knob.Position, 0f), _events[0]);
    }

    [Fact]
    public void Knob_noise_inside_the_dead_band_sends_nothing()
    {
        var spi = new FakeMcp3008();
        spi.Channels[0] = 500;
        var reader = new KnobReader(new Mcp3008KnobSource(new Mcp3008(spi), [0]), [Knob.Attack], deadBand: 0.01f, smoothing: 0.5f);
        reader.Poll(_events.Add);
        _events.Clear();

        for (int i = 0; i < 50; i++)
        {
            spi.Channels[0] = 500 + (i % 2 == 0 ? 4 : -4); // +/- 4 LSB of jitter
            reader.Poll(_events.Add);
        }

        Assert.Empty(_events);
    }

    [Fact]
    public void Turning_a_knob_sends_its_new_value()
    {
        var spi = new FakeMcp3008();
        spi.Channels[0] = 0;
        var reader = new KnobReader(new Mcp3008KnobSource(new Mcp3008(spi), [0]), [Knob.Volume], smoothing: 0.6f);
        reader.Poll(_events.Add);
        _events.Clear();

        spi.Channels[0] = 1023;
        for (int i = 0; i < 40; i++)
        {
            reader.Poll(_events.Add);
        }

        Assert.NotEmpty(_events);
        Assert.All(_events, e => Assert.Equal((int)Knob.Volume, e.Index));
        Assert.Equal(_events.Select(e => e.Value).Order(), _events.Select(e => e.Value));
        Assert.Equal(1f, _events[^1].Value);   // the end stop is reached exactly
    }

    [Fact]
    public void Calibration_maps_the_measured_ends_to_zero_and_one()
    {
        var spi = new FakeMcp3008();
        var reader = new KnobReader(new Mcp3008KnobSource(new Mcp3008(spi), [0]), [Knob.Decay],
            [new KnobRange(Knob.Decay, 40, 990)], smoothing: 0);

        spi.Channels[0] = 515;
        reader.Poll(_events.Add);
        Assert.Equal(0.5f, _events[^1].Value, 3);

        spi.Channels[0] = 1000;
        reader.Poll(_events.Add);
        Assert.Equal(1f, _events[^1].Value);
    }

    [Fact]
    public void Six_knobs_on_ads1115s_use_a_second_chip_at_0x49()
    {
        var first = new FakeAds1115(0x48);
        var second = new FakeAds1115(0x49);
        for (int i = 0; i < 4; i++)
        {
            first.Inputs[i] = 1000 * (i + 1);
        }

        second.Inputs[0] = 26399;
        second.Inputs[1] = 13200;
        var source = new Ads1115KnobSource([new Ads1115(first), new Ads1115(second)], [0, 1, 2, 3, 4, 5]);
        var reader = new KnobReader(source, SixKnobs, smoothing: 0);
        reader.Initialize();

        // Each chip converts one knob per poll without waiting; 4 knobs on the first chip need 5 polls.
        for (int i = 0; i < 5; i++)
        {
            reader.Poll(_events.Add);
        }

        Assert.Equal(6, _events.Count);
        Assert.Equal(1f, _events.Single(e => e.Index == (int)Knob.Release).Value);
        Assert.Equal(0.5f, _events.Single(e => e.Index == (int)Knob.Volume).Value, 3);
        Assert.Equal(4000f / 26399, _events.Single(e => e.Index == (int)Knob.Sustain).Value, 3);
        Assert.True(second.Conversions >= 2);
    }

    [Fact]
    public void Knob_channel_beyond_the_configured_chips_is_refused()
    {
        Assert.Throws<ArgumentException>(() => new Ads1115KnobSource([new Ads1115(new FakeAds1115())], [0, 4]));
    }
}
