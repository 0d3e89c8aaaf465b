namespace NSynthBox.Cli.Tests;

public sealed class SelftestCommandTests
{
    [Fact]
    public void Selftest_without_the_buses_says_how_to_enable_them()
    {
        if (File.Exists("/dev/i2c-1")) return; // a real Pi: the hardware tests cover it
        var result = CliRunner.Run("selftest", "--board", "pi4", "--at-rest");
        Assert.Equal(1, result.ExitCode);
        Assert.Contains("I2C bus 1 is not enabled", result.Out);
        Assert.Contains("dtparam=i2c_arm=on", result.Out);
        Assert.Contains("Self-test FAILED", result.Out);
    }

    [Fact]
    public void Selftest_on_an_unknown_machine_asks_for_the_board()
    {
        if (File.Exists("/proc/device-tree/model")) return;
        var result = CliRunner.Run("selftest");
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--board pi4|pi5|jetson-orin-nano", result.Error);
    }

    [Fact]
    public void Calibrate_without_spi_is_one_line_naming_the_bus_and_what_to_enable()
    {
        if (File.Exists("/dev/spidev0.0")) return; // a real Pi
        var result = CliRunner.Run("calibrate", "--board", "pi4", "--seconds", "0");
        Assert.Equal(2, result.ExitCode);
        var line = Assert.Single(result.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("nsynthbox: SPI bus 0 is not enabled (/dev/spidev0.0 missing): add dtparam=spi=on", line);
        Assert.DoesNotContain("Exception", result.Error);
    }
}
