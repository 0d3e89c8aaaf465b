using System.Globalization;
using NSynthBox.Engine;

namespace NSynthBox;

/// <summary>
/// A finger path over the grid for offline renders: a text file of "seconds,x,y" lines
/// ('#' starts a comment; a first line of column names, as spreadsheets write, is skipped). Between points the position moves in straight lines, sent as
/// control events every 10 ms, as a sensor would.
/// </summary>
internal static class XyPath
{
    public static List<TimedControlEvent> Load(string path)
    {
        if (!File.Exists(path)) throw new UserInputException($"{path}: not found (expected an --xy-path file of 'seconds,x,y' lines)");
        var points = new List<(double T, float X, float Y)>();
        var lineNo = 0;
        var headerSkipped = false;
        foreach (var raw in File.ReadLines(path))
        {
            lineNo++;
            var line = raw.Split('#')[0].Trim();
            if (line.Length == 0) continue;
            var parts = line.Split(',', StringSplitOptions.TrimEntries);
            if (points.Count == 0 && !headerSkipped && parts.All(p => !double.TryParse(p, NumberStyles.Float, CultureInfo.InvariantCulture, out _)))
            {
                headerSkipped = true; // a spreadsheet's column names, e.g. "seconds,x,y"
                continue;
            }
            if (parts.Length != 3)
                throw new UserInputException($"{path}:{lineNo}: expected three numbers 'seconds,x,y' (e.g. '1.5,0.25,0.8'), found {parts.Length} field{(parts.Length == 1 ? "" : "s")} in '{raw.Trim()}'");
            string[] names = ["seconds", "x", "y"];
            var values = new double[3];
            for (var i = 0; i < 3; i++)
            {
                if (!double.TryParse(parts[i], NumberStyles.Float, CultureInfo.InvariantCulture, out values[i]))
                    throw new UserInputException($"{path}:{lineNo}: {names[i]} '{parts[i]}' is not a number (expected a line such as '1.5,0.25,0.8')");
            }
            var (t, x, y) = (values[0], (float)values[1], (float)values[2]);
            if (x is < 0 or > 1 || y is < 0 or > 1 || t < 0)
                throw new UserInputException($"{path}:{lineNo}: x and y must be in 0..1 and seconds >= 0, found '{raw.Trim()}'");
            if (points.Count > 0 && t < points[^1].T)
                throw new UserInputException($"{path}:{lineNo}: times must not go backwards ({t} after {points[^1].T})");
            points.Add((t, x, y));
        }
        var events = new List<TimedControlEvent>();
        for (var i = 0; i < points.Count; i++)
        {
            var (t0, x0, y0) = points[i];
            events.Add(new TimedControlEvent(t0, ControlEvent.Position2D(x0, y0)));
            if (i + 1 == points.Count) break;
            var (t1, x1, y1) = points[i + 1];
            for (var t = t0 + 0.01; t < t1; t += 0.01)
            {
                var a = (float)((t - t0) / (t1 - t0));
                events.Add(new TimedControlEvent(t, ControlEvent.Position2D(x0 + a * (x1 - x0), y0 + a * (y1 - y0))));
            }
        }
        return events;
    }

    public static (float X, float Y) ParsePoint(string text)
    {
        var parts = text.Split(',', StringSplitOptions.TrimEntries);
        if (parts.Length == 2
            && float.TryParse(parts[0], NumberStyles.Float, CultureInfo.InvariantCulture, out var x)
            && float.TryParse(parts[1], NumberStyles.Float, CultureInfo.InvariantCulture, out var y)
            && x is >= 0 and <= 1 && y is >= 0 and <= 1)
            return (x, y);
        throw new UserInputException($"--xy '{text}': expected X,Y with both in 0..1 (e.g. 0.5,0.5)");
    }
}
