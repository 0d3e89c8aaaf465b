namespace NSynthBox.Platform.Audio;

/// <summary>A sound device could not be opened or set up; the message names the device and what to do.</summary>
public sealed class AudioDeviceException(string message) : IOException(message);
