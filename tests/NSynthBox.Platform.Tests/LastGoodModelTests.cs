using NSynthBox.Neural;
using NSynthBox.Platform.State;
using NSynthBox.Tests.Shared;

namespace NSynthBox.Platform.Tests;

public sealed class LastGoodModelTests
{
    private static string CopyOfModel(TempDirectory dir, string name = "model")
    {
        var target = dir.File(name);
        Directory.CreateDirectory(target);
        foreach (var file in new[] { "manifest.json", "decoder.onnx", "encoder.onnx" }) File.Copy(Path.Combine(RepoPaths.Model, file), Path.Combine(target, file));
        return target;
    }

    [Fact]
    public void A_package_that_started_is_copied_once_and_loads_from_the_copy()
    {
        using var dir = new TempDirectory();
        var lastGood = new LastGoodModel(dir.File("state"));
        Assert.Null(lastGood.TryLoad(out var none));
        Assert.Null(none); // nothing kept yet is not a problem

        Assert.True(lastGood.Remember(ModelPackage.Load(CopyOfModel(dir))));
        Assert.False(lastGood.Remember(ModelPackage.Load(CopyOfModel(dir, "same-again")))); // same files: not copied again

        var copy = lastGood.TryLoad(out var problem);
        Assert.Null(problem);
        Assert.NotNull(copy);
        Assert.Equal(lastGood.Directory, copy.Directory);
        Assert.Equal(TestModel.Model.Instruments.Count, copy.Instruments.Count);
        Assert.Equal([LastGoodModel.FolderName], Directory.GetFileSystemEntries(dir.File("state")).Select(Path.GetFileName));
    }

    [Fact]
    public void A_copy_that_rotted_is_refused_with_the_file_named()
    {
        using var dir = new TempDirectory();
        var lastGood = new LastGoodModel(dir.File("state"));
        lastGood.Remember(ModelPackage.Load(CopyOfModel(dir)));
        var decoder = Path.Combine(lastGood.Directory, "decoder.onnx");
        var bytes = File.ReadAllBytes(decoder);
        bytes[bytes.Length / 2] ^= 0x40;
        File.WriteAllBytes(decoder, bytes);

        Assert.Null(lastGood.TryLoad(out var problem));
        Assert.Contains(decoder, problem);
        Assert.Contains("sha256", problem);
    }

    [Fact]
    public void A_replacement_cut_short_between_its_renames_leaves_the_old_copy_in_use()
    {
        using var dir = new TempDirectory();
        var state = dir.File("state");
        var lastGood = new LastGoodModel(state);
        lastGood.Remember(ModelPackage.Load(CopyOfModel(dir)));
        // What a power cut after the first rename leaves: the old copy moved aside, the new one not yet in place.
        Directory.Move(lastGood.Directory, Path.Combine(state, $".{LastGoodModel.FolderName}.old"));

        var copy = lastGood.TryLoad(out var problem);
        Assert.Null(problem);
        Assert.NotNull(copy);

        // The next Remember puts a copy back in place and clears what was left.
        Assert.True(lastGood.Remember(ModelPackage.Load(CopyOfModel(dir, "next"))));
        Assert.Equal([LastGoodModel.FolderName], Directory.GetFileSystemEntries(state).Select(Path.GetFileName));
    }
}
