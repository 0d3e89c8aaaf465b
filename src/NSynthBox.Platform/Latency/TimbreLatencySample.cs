namespace NSynthBox.Platform.Latency;

/// <summary>
/// One finger move, in milliseconds from the move being posted to the engine until the output (as
/// heard, after the output buffer) has made 10 %, 50 % and 90 % of its change in spectral centroid.
/// </summary>
public readonly record struct TimbreLatencySample(double FirstChangeMs, double HalfwayMs, double NearlyDoneMs, double CentroidBeforeHz, double CentroidAfterHz);
