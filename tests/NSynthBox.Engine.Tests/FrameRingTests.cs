namespace NSynthBox.Engine.Tests;

public sealed class FrameRingTests
{
    private static FrameRing NewRing(int capacity) => new(capacity, () => new ControlFrame(2, 4, 2));

    [Fact]
    public void Consumer_gets_frames_in_order_and_none_when_empty()
    {
        var ring = NewRing(3);
        Assert.Null(ring.TryTakeNext());
        for (var i = 0; i < 2; i++)
        {
            var f = ring.TryBeginWrite()!;
            f.Index = i;
            ring.EndWrite();
        }
        Assert.Equal(2, ring.Ready);
        Assert.Equal(0, ring.TryTakeNext()!.Index);
        Assert.Equal(1, ring.TryTakeNext()!.Index);
        Assert.Null(ring.TryTakeNext());
    }

    [Fact]
    public void Producer_never_overwrites_the_frame_being_played()
    {
        var ring = NewRing(2);
        ring.TryBeginWrite()!.Index = 0;
        ring.EndWrite();
        var playing = ring.TryTakeNext()!;
        ring.TryBeginWrite()!.Index = 1;
        ring.EndWrite();
        Assert.Null(ring.TryBeginWrite()); // the only free slot would be the one being played
        Assert.Equal(0, playing.Index);
    }
}
