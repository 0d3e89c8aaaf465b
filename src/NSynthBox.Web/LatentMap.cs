using NSynthBox.Neural;

namespace NSynthBox.Web;

/// <summary>
/// A 2-D picture of the model's latent space: the first two principal components of the
/// instruments' codes, each axis scaled to fill 0..1 (the points would otherwise huddle along the
/// first axis), the first component left to right and the second bottom to top. The projection is affine, so
/// the projection of a blend of codes is the same blend of their projected points: the page draws
/// the finger's position as the bilinear blend of the four corners' points.
/// </summary>
public sealed class LatentMap
{
    private const float Margin = 0.04f;
    private readonly float[] _mean;
    private readonly float[] _axis1;
    private readonly float[] _axis2;
    private readonly float _scaleX, _scaleY, _offsetX, _offsetY;

    public LatentMap(IReadOnlyList<InstrumentInfo> instruments)
    {
        if (instruments.Count == 0) throw new ArgumentException("instruments: expected at least one");
        var n = instruments[0].Code.Length;
        if (instruments.Any(i => i.Code.Length != n)) throw new ArgumentException("instruments: every code must have the same length");
        _mean = new float[n];
        foreach (var inst in instruments)
            for (var j = 0; j < n; j++) _mean[j] += inst.Code[j] / instruments.Count;

        var cov = new double[n, n];
        foreach (var inst in instruments)
            for (var a = 0; a < n; a++)
                for (var b = 0; b < n; b++)
                    cov[a, b] += (inst.Code[a] - _mean[a]) * (double)(inst.Code[b] - _mean[b]) / instruments.Count;
        var (values, vectors) = SymmetricEigen(cov);
        var order = Enumerable.Range(0, n).OrderByDescending(i => values[i]).ToArray();
        _axis1 = Axis(vectors, order[0]);
        _axis2 = n > 1 ? Axis(vectors, order[1]) : new float[n];
        var total = values.Where(v => v > 0).Sum();
        ExplainedVariance = total > 0 ? (Math.Max(0, values[order[0]]) + (n > 1 ? Math.Max(0, values[order[1]]) : 0)) / total : 1;

        var raw = instruments.Select(i => RawProject(i.Code)).ToArray();
        float minX = raw.Min(p => p.X), maxX = raw.Max(p => p.X), minY = raw.Min(p => p.Y), maxY = raw.Max(p => p.Y);
        _scaleX = (1 - 2 * Margin) / Math.Max(maxX - minX, 1e-9f);
        _scaleY = (1 - 2 * Margin) / Math.Max(maxY - minY, 1e-9f);
        _offsetX = 0.5f - (minX + maxX) / 2 * _scaleX;
        _offsetY = 0.5f + (minY + maxY) / 2 * _scaleY;
        Points = instruments.Select(i => Project(i.Code)).ToArray();
    }

    /// <summary>Each instrument's point, in the instruments' order; x and y in 0..1 (y down, as on screen).</summary>
    public IReadOnlyList<(float X, float Y)> Points { get; }

    /// <summary>Share of the codes' variance that the two axes show (0..1), for the map's caption.</summary>
    public double ExplainedVariance { get; }

    public (float X, float Y) Project(ReadOnlySpan<float> code)
    {
        var (x, y) = RawProject(code);
        return (_offsetX + x * _scaleX, _offsetY - y * _scaleY);
    }

    private (float X, float Y) RawProject(ReadOnlySpan<float> code)
    {
        float x = 0, y = 0;
        for (var j = 0; j < _mean.Length; j++)
        {
            var d = code[j] - _mean[j];
            x += d * _axis1[j];
            y += d * _axis2[j];
        }
        return (x, y);
    }

    /// <summary>Column k of the eigenvectors, signed so that its largest component is positive (a stable picture).</summary>
    private static float[] Axis(double[,] vectors, int k)
    {
        var n = vectors.GetLength(0);
        var axis = new float[n];
        var biggest = 0;
        for (var i = 0; i < n; i++)
        {
            axis[i] = (float)vectors[i, k];
            if (Math.Abs(axis[i]) > Math.Abs(axis[biggest])) biggest = i;
        }
        if (axis[biggest] < 0) for (var i = 0; i < n; i++) axis[i] = -axis[i];
        return axis;
    }

    /// <summary>Cyclic Jacobi rotations: eigenvalues and eigenvectors (columns) of a small symmetric matrix.</summary>
    internal static (double[] Values, double[,] Vectors) SymmetricEigen(double[,] matrix)
    {
        var n = matrix.GetLength(0);
        var a = (double[,])matrix.Clone();
        var v = new double[n, n];
        for (var i = 0; i < n; i++) v[i, i] = 1;
        for (var sweep = 0; sweep < 100; sweep++)
        {
            double off = 0;
            for (var p = 0; p < n; p++)
                for (var q = p + 1; q < n; q++) off += a[p, q] * a[p, q];
            if (off < 1e-22) break;
            for (var p = 0; p < n; p++)
            {
                for (var q = p + 1; q < n; q++)
                {
                    if (Math.Abs(a[p, q]) < 1e-300) continue;
                    var theta = (a[q, q] - a[p, p]) / (2 * a[p, q]);
                    var t = Math.Sign(theta == 0 ? 1 : theta) / (Math.Abs(theta) + Math.Sqrt(theta * theta + 1));
                    var c = 1 / Math.Sqrt(t * t + 1);
                    var s = t * c;
                    for (var k = 0; k < n; k++)
                    {
                        double akp = a[k, p], akq = a[k, q];
                        a[k, p] = c * akp - s * akq;
                        a[k, q] = s * akp + c * akq;
                    }
                    for (var k = 0; k < n; k++)
                    {
                        double apk = a[p, k], aqk = a[q, k];
                        a[p, k] = c * apk - s * aqk;
                        a[q, k] = s * apk + c * aqk;
                    }
                    for (var k = 0; k < n; k++)
                    {
                        double vkp = v[k, p], vkq = v[k, q];
                        v[k, p] = c * vkp - s * vkq;
                        v[k, q] = s * vkp + c * vkq;
                    }
                }
            }
        }
        var values = new double[n];
        for (var i = 0; i < n; i++) values[i] = a[i, i];
        return (values, v);
    }
}
