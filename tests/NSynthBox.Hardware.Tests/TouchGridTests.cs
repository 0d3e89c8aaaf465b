using NSynthBox.Engine;
using NSynthBox.Hardware.Tests.Fakes;

namespace NSynthBox.Hardware.Tests;

public class TouchGridTests
{
    private static readonly int[] Rows = [0, 1, 2, 3, 4, 5];
    private static readonly int[] Columns = [6, 7, 8, 9, 10, 11];

    private readonly FakeMpr121 _chip = new();
    private readonly List<ControlEvent> _events = [];

    private TouchGrid Grid(TouchOptions? options = null)
    {
        var grid = new TouchGrid(new Mpr121(_chip), Rows, Columns, options ?? new TouchOptions { Smoothing = 0 });
        grid.Initialize();
        return grid;
    }

    private void Finger(int row, int rowSignal, int column, int columnSignal)
    {
        _chip.Touch(Rows[row], rowSignal);
        _chip.Touch(Columns[column], columnSignal);
    }

    [Fact]
    public void Touch_on_a_crossing_gives_its_position()
    {
        TouchGrid grid = Grid();
        Finger(row: 0, 40, column: 5, 40);

        grid.Poll(_events.Add);

        ControlEvent e = Assert.Single(_events);
        Assert.Equal(ControlKind.Position2D, e.Kind);
        Assert.Equal(1f, e.X, 3);   // last column = right edge
        Assert.Equal(0f, e.Y, 3);   // first row = top
        Assert.True(grid.Touching);
    }

    [Fact]
    public void Touch_between_columns_interpolates_position()
    {
        TouchGrid grid = Grid();
        _chip.Touch(Rows[2], 40);
        _chip.Touch(Columns[2], 30);
        _chip.Touch(Columns[3], 30);

        grid.Poll(_events.Add);

        Assert.Equal(0.5f, _events[^1].X, 3);   // halfway between columns 2 and 3 (of 0..5)
        Assert.Equal(0.4f, _events[^1].Y, 3);   // row 2 of 0..5
    }

    [Fact]
    public void Position_is_finer_than_the_strip_pitch()
    {
        TouchGrid grid = Grid(new TouchOptions { Smoothing = 0, MinimumMove = 0 });
        _chip.Touch(Rows[2], 40);
        var xs = new List<float>();
        // Slide from column 1 to column 2: the signal moves from one strip to the next.
        for (int step = 0; step <= 10; step++)
        {
            _chip.Touch(Columns[1], 40 - 3 * step + 2);
            _chip.Touch(Columns[2], 3 * step + 2);
            grid.Poll(_events.Add);
            xs.Add(grid.X);
        }

        Assert.True(xs.Distinct().Count() >= 9, "a slide across one strip gap should give many distinct positions");
        Assert.Equal(xs.Order(), xs);                 // monotonic
        Assert.InRange(xs[0], 0.19f, 0.21f);          // on column 1
        Assert.InRange(xs[^1], 0.3f, 0.4f);           // most of the way to column 2 (0.4)
    }

    [Fact]
    public void Light_touch_below_threshold_is_ignored()
    {
        TouchGrid grid = Grid(new TouchOptions { TouchOnThreshold = 10, TouchOffThreshold = 5, Smoothing = 0 });
        Finger(row: 1, 8, column: 1, 8);

        grid.Poll(_events.Add);

        Assert.Empty(_events);
        Assert.False(grid.Touching);
    }

    [Fact]
    public void Hysteresis_keeps_the_touch_until_below_the_release_threshold()
    {
        TouchGrid grid = Grid(new TouchOptions { TouchOnThreshold = 10, TouchOffThreshold = 5, Smoothing = 0 });
        Finger(1, 12, 1, 12);
        grid.Poll(_events.Add);
        Assert.True(grid.Touching);

        Finger(1, 7, 1, 7);          // weaker, but above the release threshold
        grid.Poll(_events.Add);
        Assert.True(grid.Touching);

        Finger(1, 3, 1, 7);          // one axis below release
        grid.Poll(_events.Add);
        Assert.False(grid.Touching);
    }

    [Fact]
    public void Lift_keeps_the_last_position()
    {
        TouchGrid grid = Grid();
        Finger(4, 40, 1, 40);
        grid.Poll(_events.Add);
        _chip.ReleaseAll();
        grid.Poll(_events.Add);
        grid.Poll(_events.Add);

        ControlEvent last = Assert.Single(_events);
        Assert.Equal(0.2f, last.X, 3);
        Assert.Equal(0.8f, last.Y, 3);
        Assert.Equal(0.2f, grid.X, 3);
    }

    [Fact]
    public void Lift_can_return_to_the_rest_position()
    {
        TouchGrid grid = Grid(new TouchOptions { Smoothing = 0, KeepPositionOnLift = false, RestX = 0.5f, RestY = 0.5f });
        Finger(4, 40, 1, 40);
        grid.Poll(_events.Add);
        _chip.ReleaseAll();
        grid.Poll(_events.Add);

        Assert.Equal(2, _events.Count);
        Assert.Equal(ControlEvent.Position2D(0.5f, 0.5f), _events[^1]);
    }

    [Fact]
    public void Smoothing_glides_but_a_new_touch_jumps()
    {
        TouchGrid grid = Grid(new TouchOptions { Smoothing = 0.5f });
        Finger(0, 40, 0, 40);
        grid.Poll(_events.Add);
        Assert.Equal(0f, grid.X, 3);         // first contact: no glide from the old spot

        _chip.ReleaseAll();
        Finger(0, 40, 5, 40);                // finger slid to the right edge without lifting
        _chip.Touch(Rows[0], 40);
        grid.Poll(_events.Add);
        Assert.Equal(0.5f, grid.X, 3);       // half way there
        grid.Poll(_events.Add);
        Assert.Equal(0.75f, grid.X, 3);
    }

    [Fact]
    public void Still_finger_sends_nothing_new()
    {
        TouchGrid grid = Grid();
        Finger(2, 40, 2, 40);
        for (int i = 0; i < 10; i++)
        {
            grid.Poll(_events.Add);
        }

        Assert.Single(_events);
    }
}
