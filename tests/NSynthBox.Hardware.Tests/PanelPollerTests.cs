using NSynthBox.Tests.Shared;
using NSynthBox.Engine;
using NSynthBox.Hardware.Tests.Fakes;

namespace NSynthBox.Hardware.Tests;

public class PanelPollerTests
{
    private readonly FakeBusFactory _bench = FakeBusFactory.ReferenceBuild();
    private readonly List<ControlEvent> _events = [];
    private readonly List<PanelFault> _faults = [];
    private readonly PanelConfig _config = TestConfig.Pi4;

    private static TimeSpan Ms(double ms) => TimeSpan.FromMilliseconds(ms);

    private PanelPoller Poller(PanelConfig? config = null) =>
        PanelPoller.Create(config ?? _config, _bench, instrumentCount: 11, _events.Add, _faults.Add,
            options: new PanelPollerOptions { Touch = new TouchOptions { Smoothing = 0 } });

    private void Run(PanelPoller poller, double fromMs, double toMs)
    {
        for (double ms = fromMs; ms <= toMs; ms += 1)
        {
            poller.PollOnce(Ms(ms));
        }
    }

    [Fact]
    public void Touch_knobs_and_encoders_all_reach_the_sink()
    {
        using PanelPoller poller = Poller();
        Run(poller, 0, 20);
        Assert.Equal(6, _events.Count(e => e.Kind == ControlKind.Knob));   // first reading of each knob
        _events.Clear();

        _bench.Mpr121.Touch(2, 40);    // row 2
        _bench.Mpr121.Touch(9, 40);    // column 3
        _bench.Spi!.Channels[4] = 1023; // Release knob turned fully up
        EncoderPins enc = _config.Encoders[0];
        foreach (int s in new[] { 0b01, 0b00, 0b10, 0b11 })
        {
            _bench.Gpio.SetHigh(enc.A.Line, (s & 2) != 0);
            _bench.Gpio.SetHigh(enc.B.Line, (s & 1) != 0);
            Run(poller, 21 + 2 * s, 22 + 2 * s);
        }

        Run(poller, 40, 200);

        Assert.Contains(ControlEvent.Position2D(0.6f, 0.4f), _events);
        Assert.Contains(ControlEvent.SetCorner(0, 1), _events);
        Assert.Equal(1f, _events.Last(e => e.Kind == ControlKind.Knob && e.Index == (int)Knob.Release).Value);
        Assert.True(poller.Touching);
        Assert.Empty(_faults);
    }

    [Fact]
    public void Polls_run_at_their_rates()
    {
        using PanelPoller poller = Poller();
        Run(poller, 0, 0);                                                      // initialises every chip
        int spi = _bench.Spi!.Transfers, gpio = _bench.Gpio.Reads, i2c = _bench.Mpr121.Transfers;
        Run(poller, 1, 1000);

        Assert.InRange(_bench.Spi.Transfers - spi, 6 * 99, 6 * 101);            // 6 knobs at 100 Hz
        Assert.InRange(_bench.Gpio.Reads - gpio, 1000 * 12 - 12, 1000 * 12 + 12); // 4 x (A, B, push) at 1 kHz
        Assert.InRange(_bench.Mpr121.Transfers - i2c, 199, 201);               // one read per 5 ms
    }

    [Fact]
    public void Chip_that_vanishes_is_reported_keeps_its_last_value_and_recovers()
    {
        using PanelPoller poller = Poller();
        _bench.Mpr121.Touch(0, 40);
        _bench.Mpr121.Touch(11, 40);
        Run(poller, 0, 50);
        Assert.Equal(ControlEvent.Position2D(1f, 0f), _events.Last(e => e.Kind == ControlKind.Position2D));
        _events.Clear();

        _bench.Mpr121.Present = false;        // unplugged mid-performance
        Run(poller, 51, 400);

        PanelFault fault = Assert.Single(_faults);
        Assert.False(fault.Recovered);
        Assert.Contains("MPR121 at 0x5A", fault.Message);
        Assert.Contains("I2C bus 1", fault.Message);
        Assert.Contains("SDA (header pin 3)", fault.Message);
        Assert.DoesNotContain(_events, e => e.Kind == ControlKind.Position2D);   // last position stays

        // Back-off: retries get rarer (100, 200, 400 ms...) rather than hammering the bus at 200 Hz.
        int before = _bench.Mpr121.Transfers;
        Run(poller, 401, 1400);
        Assert.InRange(_bench.Mpr121.Transfers - before, 1, 4);

        _bench.Mpr121.Present = true;         // plugged back in
        Run(poller, 1401, 5000);

        Assert.Equal(2, _faults.Count);
        Assert.True(_faults[1].Recovered);
        Assert.Contains("MPR121 at 0x5A", _faults[1].Message);
        Assert.Equal(0x8C, _bench.Mpr121[Mpr121Register.ElectrodeConfig]);  // re-initialised
        _bench.Mpr121.ReleaseAll();
        _bench.Mpr121.Touch(5, 40);
        _bench.Mpr121.Touch(6, 40);
        Run(poller, 5001, 5100);
        Assert.Equal(ControlEvent.Position2D(0f, 1f), _events.Last(e => e.Kind == ControlKind.Position2D));
    }

    [Fact]
    public void Garbage_from_a_chip_is_a_fault_not_a_position()
    {
        using PanelPoller poller = Poller();
        Run(poller, 0, 20);
        _events.Clear();
        _bench.Mpr121.Garbage = true;
        Run(poller, 21, 100);

        Assert.DoesNotContain(_events, e => e.Kind == ControlKind.Position2D);
        PanelFault fault = Assert.Single(_faults);
        Assert.Contains("MPR121 at 0x5A on I2C bus 1 returned invalid data", fault.Message);
    }

    [Fact]
    public void Garbage_for_a_while_keeps_the_last_position_is_reported_once_and_playing_resumes()
    {
        using PanelPoller poller = Poller();
        _bench.Mpr121.Touch(0, 40);
        _bench.Mpr121.Touch(11, 40);
        Run(poller, 0, 50);
        Assert.Equal(ControlEvent.Position2D(1f, 0f), _events.Last(e => e.Kind == ControlKind.Position2D));
        _events.Clear();

        _bench.Mpr121.Garbage = true;          // noise on SDA/SCL mid-performance
        Run(poller, 51, 1500);
        Assert.DoesNotContain(_events, e => e.Kind == ControlKind.Position2D);   // the finger stays where it was
        PanelFault down = Assert.Single(_faults);
        Assert.StartsWith("MPR121 at 0x5A on I2C bus 1 returned invalid data", down.Message);
        Assert.Contains("keeping the last values", down.Message);

        _bench.Mpr121.Garbage = false;
        Run(poller, 1501, 6000);
        Assert.Equal(2, _faults.Count);
        Assert.True(_faults[1].Recovered);
        Assert.Equal("MPR121 at 0x5A on I2C bus 1 is answering again", _faults[1].Message);
        _bench.Mpr121.ReleaseAll();
        _bench.Mpr121.Touch(5, 40);
        _bench.Mpr121.Touch(6, 40);
        Run(poller, 6001, 6100);
        Assert.Equal(ControlEvent.Position2D(0f, 1f), _events.Last(e => e.Kind == ControlKind.Position2D));
    }

    [Fact]
    public void A_chip_with_a_loose_wire_is_reported_once_not_per_dropout()
    {
        using PanelPoller poller = Poller();
        Run(poller, 0, 50);
        // NACKs for 20 ms in every 70 ms for four seconds: dozens of dropouts.
        for (int ms = 51; ms <= 4000; ms++)
        {
            _bench.Mpr121.Present = ms % 70 >= 20;
            poller.PollOnce(Ms(ms));
        }

        PanelFault down = Assert.Single(_faults);
        Assert.False(down.Recovered);
        Assert.Contains("MPR121 at 0x5A on I2C bus 1 did not answer", down.Message);

        _bench.Mpr121.Present = true;          // the wire is pushed back in
        Run(poller, 4001, 8000);
        Assert.Equal(2, _faults.Count);
        PanelFault up = _faults[1];
        Assert.True(up.Recovered);
        Assert.StartsWith("MPR121 at 0x5A on I2C bus 1 is answering again (it dropped out ", up.Message);
        Assert.DoesNotContain(_faults.Skip(2), f => true);
    }

    [Fact]
    public void Missing_chip_at_start_is_reported_and_the_rest_of_the_panel_works()
    {
        _bench.I2c.Remove(0x5A);
        using PanelPoller poller = Poller();
        Run(poller, 0, 50);

        PanelFault fault = Assert.Single(_faults);
        Assert.Contains("MPR121 at 0x5A on I2C bus 1 did not answer", fault.Message);
        Assert.Equal(6, _events.Count(e => e.Kind == ControlKind.Knob));
    }

    [Fact]
    public void Knob_adc_that_stops_answering_is_named_and_recovers()
    {
        PanelConfig ads = _config with { KnobAdc = KnobAdcKind.Ads1115, Ads1115Addresses = [0x48, 0x49] };
        var first = new FakeAds1115(0x48);
        var second = new FakeAds1115(0x49);
        _bench.I2c[0x48] = first;
        _bench.I2c[0x49] = second;
        using PanelPoller poller = Poller(ads);
        Run(poller, 0, 100);
        Assert.Equal(6, _events.Count(e => e.Kind == ControlKind.Knob));

        second.Present = false;
        Run(poller, 101, 300);
        PanelFault fault = Assert.Single(_faults);
        Assert.Contains("ADS1115 at 0x49", fault.Message);

        second.Present = true;
        Run(poller, 301, 3000);
        Assert.True(_faults[^1].Recovered);
    }

    [Fact]
    public void Bus_that_is_not_enabled_leaves_that_part_out()
    {
        _bench.SpiBusMissing = true;
        using PanelPoller poller = Poller();
        Run(poller, 0, 50);

        PanelFault fault = Assert.Single(_faults);
        Assert.Contains("dtparam=spi=on", fault.Message);
        Assert.DoesNotContain(_events, e => e.Kind == ControlKind.Knob);
    }

    [Fact]
    public void Polling_does_not_allocate()
    {
        _bench.Mpr121.Touch(2, 40);
        _bench.Mpr121.Touch(8, 40);
        var sink = new List<ControlEvent>(100_000);
        using PanelPoller quiet = PanelPoller.Create(_config, _bench, 11, sink.Add, _faults.Add,
            options: new PanelPollerOptions { Touch = new TouchOptions { Smoothing = 0 } });
        for (int ms = 0; ms < 100; ms++)
        {
            quiet.PollOnce(Ms(ms));       // warm up: JIT, first readings
        }

        int now = 100;
        var readings = AllocationWindows.UntilClean(() =>
        {
            for (int end = now + 2000; now < end; now++)
            {
                if (now % 50 == 0)
                {
                    _bench.Spi!.Channels[1] = now % 1024;   // a knob turning
                    _bench.Mpr121.Touch(8, 40 - now % 30);   // a finger moving
                }

                quiet.PollOnce(Ms(now));
            }
        });

        Assert.True(sink.Count > 100);
        AllocationWindows.AssertClean(readings, "2 s of polling");
    }

    [Fact]
    public void Poller_thread_delivers_events_and_stops()
    {
        var received = new System.Collections.Concurrent.ConcurrentQueue<ControlEvent>();
        using PanelPoller poller = PanelPoller.Create(_config, _bench, 11, received.Enqueue);
        poller.Start();
        SpinWait.SpinUntil(() => received.Count(e => e.Kind == ControlKind.Knob) >= 6, TimeSpan.FromSeconds(5));
        poller.Stop();

        Assert.Equal(6, received.Count(e => e.Kind == ControlKind.Knob));
    }

    [Fact]
    public void A_sink_that_throws_is_reported_and_polling_goes_on()
    {
        int calls = 0;
        using PanelPoller poller = PanelPoller.Create(_config, _bench, 11, _ =>
        {
            if (Interlocked.Increment(ref calls) == 1)
            {
                throw new InvalidOperationException("engine queue full");
            }
        }, f => { lock (_faults) { _faults.Add(f); } });
        poller.Start();
        SpinWait.SpinUntil(() => Volatile.Read(ref calls) >= 6, TimeSpan.FromSeconds(5));
        poller.Stop();

        lock (_faults)
        {
            Assert.Contains(_faults, f => f.Message.Contains("engine queue full", StringComparison.Ordinal));
        }

        Assert.True(calls >= 6, "the other five knobs still arrive after the failed event");
    }

    [Fact]
    public void Corner_changes_made_elsewhere_are_followed()
    {
        using PanelPoller poller = Poller();
        Run(poller, 0, 10);
        poller.SetCornerInstrument(2, 10);
        EncoderPins enc = _config.Encoders[2];
        double ms = 11;
        foreach (int s in new[] { 0b01, 0b00, 0b10, 0b11 })
        {
            _bench.Gpio.SetHigh(enc.A.Line, (s & 2) != 0);
            _bench.Gpio.SetHigh(enc.B.Line, (s & 1) != 0);
            Run(poller, ms, ms += 2);
        }

        Assert.Contains(ControlEvent.SetCorner(2, 0), _events);  // 10 + 1 wraps over 11 instruments
    }
}
