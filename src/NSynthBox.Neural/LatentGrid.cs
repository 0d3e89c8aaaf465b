namespace NSynthBox.Neural;

/// <summary>
/// The touch grid's map into the latent space: four corner codes (top-left, top-right,
/// bottom-left, bottom-right) and the bilinear blend at a position (x left to right, y top to bottom).
/// </summary>
public static class LatentGrid
{
    public static void Blend(ReadOnlySpan<float> topLeft, ReadOnlySpan<float> topRight, ReadOnlySpan<float> bottomLeft,
        ReadOnlySpan<float> bottomRight, float x, float y, Span<float> destination)
    {
        x = Math.Clamp(x, 0f, 1f);
        y = Math.Clamp(y, 0f, 1f);
        float wTl = (1 - x) * (1 - y), wTr = x * (1 - y), wBl = (1 - x) * y, wBr = x * y;
        for (var i = 0; i < destination.Length; i++)
            destination[i] = wTl * topLeft[i] + wTr * topRight[i] + wBl * bottomLeft[i] + wBr * bottomRight[i];
    }
}
