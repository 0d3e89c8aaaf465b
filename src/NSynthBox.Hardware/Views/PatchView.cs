namespace NSynthBox.Hardware;

/// <summary>Confirms a patch action: "Saved" / "Recalled" over "patch 3", in large letters.</summary>
internal static class PatchView
{
    public static void Render(MonoFramebuffer frame, bool saved, int patchNumber)
    {
        frame.Clear();
        ValueView.DrawCentered(frame, saved ? "Saved" : "Recalled", 12);
        ValueView.DrawCentered(frame, "patch " + patchNumber.ToString(System.Globalization.CultureInfo.InvariantCulture), 36);
    }
}
