namespace NSynthBox.Hardware.Tests;

/// <summary>
/// Compares a rendered screen with the PNG committed under Snapshots/. A missing snapshot (or
/// NSYNTHBOX_UPDATE_SNAPSHOTS=1) writes the PNG and fails, asking for it to be reviewed; a
/// mismatch writes NAME.actual.png beside it.
/// </summary>
internal static class Snapshot
{
    public const string UpdateVariable = "NSYNTHBOX_UPDATE_SNAPSHOTS";

    public static string Directory => Path.Combine(TestConfig.TestsDirectory(), "Snapshots");

    public static void Match(MonoFramebuffer frame, string name)
    {
        string path = Path.Combine(Directory, name + ".png");
        string actualPath = Path.Combine(Directory, name + ".actual.png");
        bool update = Environment.GetEnvironmentVariable(UpdateVariable) == "1";
        if (update || !File.Exists(path))
        {
            System.IO.Directory.CreateDirectory(Directory);
            Write(frame, path);
            File.Delete(actualPath);
            Assert.Fail($"Snapshot {path} was {(update ? "rewritten" : "missing and has been written")}: look at the picture, and if it is right, commit it and run the tests again (without {UpdateVariable}).");
        }

        byte[,] expected;
        using (FileStream stream = File.OpenRead(path))
        {
            expected = PngReader.ReadGray(stream, out int width, out int height);
            Assert.True(width == MonoFramebuffer.Width && height == MonoFramebuffer.Height, $"{path} is {width}x{height}, expected 128x64.");
        }

        var differences = new List<string>();
        for (int y = 0; y < MonoFramebuffer.Height; y++)
        {
            for (int x = 0; x < MonoFramebuffer.Width; x++)
            {
                if ((expected[x, y] >= 128) != frame.GetPixel(x, y))
                {
                    differences.Add($"({x},{y})");
                }
            }
        }

        if (differences.Count > 0)
        {
            Write(frame, actualPath);
            Assert.Fail($"{name}: {differences.Count} pixels differ from {path}, first at {string.Join(" ", differences.Take(8))}. " +
                        $"The rendering is in {actualPath}; if it is right, run with {UpdateVariable}=1 and review.");
        }

        File.Delete(actualPath);
    }

    private static void Write(MonoFramebuffer frame, string path)
    {
        using FileStream stream = File.Create(path);
        frame.WritePng(stream);
    }
}
