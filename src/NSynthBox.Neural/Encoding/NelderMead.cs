namespace NSynthBox.Neural.Encoding;

/// <summary>
/// Textbook Nelder-Mead minimisation (reflect 1, expand 2, contract 0.5, shrink 0.5) from a simplex of
/// x0 and x0 + step * e_i, stopping after a number of evaluations; deterministic, and step for step the
/// same as models/pipeline/refine.py so the model card's import measurement is what the box does.
/// </summary>
public static class NelderMead
{
    public static (double[] Best, double Value) Minimize(Func<double[], double> f, double[] x0, double step, int maxEvaluations, CancellationToken cancellationToken = default)
    {
        var n = x0.Length;
        var simplex = new double[n + 1][];
        var values = new double[n + 1];
        for (var i = 0; i <= n; i++)
        {
            simplex[i] = (double[])x0.Clone();
            if (i > 0) simplex[i][i - 1] += step;
            values[i] = f(simplex[i]);
        }
        var evaluations = n + 1;
        var centroid = new double[n];
        while (evaluations < maxEvaluations)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var order = Enumerable.Range(0, n + 1).OrderBy(i => values[i]).ToArray(); // stable, as numpy's argsort(kind="stable")
            simplex = order.Select(i => simplex[i]).ToArray();
            values = order.Select(i => values[i]).ToArray();
            Array.Clear(centroid);
            for (var i = 0; i < n; i++)
            {
                for (var d = 0; d < n; d++) centroid[d] += simplex[i][d] / n;
            }
            var worst = simplex[n];
            var reflected = Combine(centroid, worst, -1.0);
            var fr = f(reflected);
            evaluations++;
            if (fr < values[0])
            {
                var expanded = Combine(centroid, worst, -2.0);
                var fe = f(expanded);
                evaluations++;
                (simplex[n], values[n]) = fe < fr ? (expanded, fe) : (reflected, fr);
            }
            else if (fr < values[n - 1])
            {
                (simplex[n], values[n]) = (reflected, fr);
            }
            else
            {
                var contracted = fr >= values[n] ? Combine(centroid, worst, 0.5) : Combine(centroid, reflected, 0.5);
                var fc = f(contracted);
                evaluations++;
                if (fc < Math.Min(fr, values[n]))
                {
                    (simplex[n], values[n]) = (contracted, fc);
                }
                else
                {
                    for (var i = 1; i <= n; i++)
                    {
                        simplex[i] = Combine(simplex[0], simplex[i], 0.5);
                        values[i] = f(simplex[i]);
                    }
                    evaluations += n;
                }
            }
        }
        var best = 0;
        for (var i = 1; i <= n; i++)
        {
            if (values[i] < values[best]) best = i;
        }
        return (simplex[best], values[best]);
    }

    // origin + t * (point - origin)
    private static double[] Combine(double[] origin, double[] point, double t)
    {
        var r = new double[origin.Length];
        for (var d = 0; d < r.Length; d++) r[d] = origin[d] + t * (point[d] - origin[d]);
        return r;
    }
}
