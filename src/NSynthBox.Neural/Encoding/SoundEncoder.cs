namespace NSynthBox.Neural.Encoding;

/// <summary>Opens the sound encoder a model package ships (manifest "encoder").</summary>
public static class SoundEncoder
{
    public static ISoundEncoder Open(ModelPackage package) =>
        throw new ModelPackageException(
            $"{Path.Combine(package.Directory, "manifest.json")}: model '{package.Name}' has no sound encoder (expected an \"encoder\" entry); importing sounds needs a package exported with one");
}
