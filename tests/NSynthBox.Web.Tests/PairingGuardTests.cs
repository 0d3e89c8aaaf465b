namespace NSynthBox.Web.Tests;

public sealed class PairingGuardTests
{
    [Fact]
    public void Pins_are_six_digits_and_differ_between_starts()
    {
        var pins = Enumerable.Range(0, 50).Select(_ => PairingGuard.NewPin()).ToList();
        Assert.All(pins, p => Assert.Matches(@"^\d{6}$", p));
        Assert.True(pins.Distinct().Count() > 45);
    }

    [Fact]
    public void The_right_pin_opens_a_session_that_expires()
    {
        var time = new ManualTime();
        var guard = new PairingGuard("123456", 3, TimeSpan.FromMinutes(1), TimeSpan.FromHours(1), time);
        Assert.Equal(PairingResult.Paired, guard.TryPair("123456", out var token, out _));
        Assert.True(guard.IsValidSession(token));
        Assert.False(guard.IsValidSession(token + "x"));
        Assert.False(guard.IsValidSession(null));
        time.Advance(TimeSpan.FromHours(1.1));
        Assert.False(guard.IsValidSession(token));
    }

    [Fact]
    public void Wrong_pins_lock_pairing_for_a_while()
    {
        var time = new ManualTime();
        var guard = new PairingGuard("123456", 3, TimeSpan.FromMinutes(1), TimeSpan.FromHours(1), time);
        for (var i = 0; i < 3; i++) Assert.Equal(PairingResult.WrongPin, guard.TryPair("000000", out _, out _));
        Assert.Equal(PairingResult.LockedOut, guard.TryPair("123456", out var token, out var retry));
        Assert.Null(token);
        Assert.Equal(TimeSpan.FromMinutes(1), retry);
        time.Advance(TimeSpan.FromSeconds(61));
        Assert.Equal(PairingResult.Paired, guard.TryPair("123456", out _, out _));
    }
}

internal sealed class ManualTime : TimeProvider
{
    private DateTimeOffset _now = new(2025, 1, 1, 12, 0, 0, TimeSpan.Zero);

    public override DateTimeOffset GetUtcNow() => _now;

    public void Advance(TimeSpan by) => _now += by;
}
