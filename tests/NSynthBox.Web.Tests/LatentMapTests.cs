using NSynthBox.Neural;
using NSynthBox.Tests.Shared;

namespace NSynthBox.Web.Tests;

public sealed class LatentMapTests
{
    private static readonly ModelPackage Model = ModelPackage.Load(RepoPaths.Model);

    [Fact]
    public void Every_instrument_lands_inside_the_map()
    {
        var map = new LatentMap(Model.Instruments);
        Assert.Equal(Model.Instruments.Count, map.Points.Count);
        Assert.All(map.Points, p => Assert.True(p.X is >= 0 and <= 1 && p.Y is >= 0 and <= 1, $"({p.X}, {p.Y})"));
        // Each axis is stretched to fill the map.
        Assert.InRange(map.Points.Min(p => p.X), 0.03f, 0.05f);
        Assert.InRange(map.Points.Max(p => p.Y), 0.95f, 0.97f);
        Assert.InRange(map.ExplainedVariance, 0.05, 1.0);
    }

    [Fact]
    public void The_projection_of_a_blend_is_the_blend_of_the_projections()
    {
        // The page draws the sound's position as the bilinear blend of the corners' points: that must be exact.
        var map = new LatentMap(Model.Instruments);
        int[] corners = [3, 40, 73, 100];
        var blended = new float[Model.LatentSize];
        var codes = corners.Select(c => Model.Instruments[c].Code).ToArray();
        LatentGrid.Blend(codes[0], codes[1], codes[2], codes[3], 0.3f, 0.8f, blended);
        var direct = map.Project(blended);
        float[] w = [0.7f * 0.2f, 0.3f * 0.2f, 0.7f * 0.8f, 0.3f * 0.8f];
        var viaPoints = (X: corners.Select((c, i) => w[i] * map.Points[c].X).Sum(), Y: corners.Select((c, i) => w[i] * map.Points[c].Y).Sum());
        Assert.Equal(viaPoints.X, direct.X, 1e-4f);
        Assert.Equal(viaPoints.Y, direct.Y, 1e-4f);
    }

    [Fact]
    public void Jacobi_finds_the_eigenvectors_of_a_symmetric_matrix()
    {
        double[,] m = { { 4, 1, 0.5 }, { 1, 3, 0.2 }, { 0.5, 0.2, 1 } };
        var (values, vectors) = LatentMap.SymmetricEigen(m);
        for (var k = 0; k < 3; k++)
        {
            for (var i = 0; i < 3; i++)
            {
                var mv = 0.0;
                for (var j = 0; j < 3; j++) mv += m[i, j] * vectors[j, k];
                Assert.Equal(values[k] * vectors[i, k], mv, 1e-9);
            }
        }
        Assert.Equal(8.0, values.Sum(), 1e-9); // the trace
    }

    [Fact]
    public void Two_instruments_far_apart_in_the_latent_space_are_far_apart_on_the_map()
    {
        var map = new LatentMap(Model.Instruments);
        var far = Model.Instruments.SelectMany(a => Model.Instruments, (a, b) => (a, b)).MaxBy(p => Distance(p.a.Code, p.b.Code));
        var pa = map.Points[far.a.Index];
        var pb = map.Points[far.b.Index];
        Assert.True(Math.Sqrt((pa.X - pb.X) * (pa.X - pb.X) + (pa.Y - pb.Y) * (pa.Y - pb.Y)) > 0.3,
            $"{far.a.Name} and {far.b.Name}, the farthest pair, are drawn close together");
    }

    private static double Distance(float[] a, float[] b) => Math.Sqrt(a.Zip(b, (x, y) => (x - y) * (double)(x - y)).Sum());
}
