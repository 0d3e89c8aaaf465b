namespace NSynthBox.Neural.Encoding;

/// <summary>Opens the sound encoder a model package ships (manifest "encoder").</summary>
public static class SoundEncoder
{
    /// <summary>The package's encoder; a <see cref="ModelPackageException"/> naming the manifest when it has none.</summary>
    public static ISoundEncoder Open(ModelPackage package) => new NeuralSoundEncoder(package);
}
