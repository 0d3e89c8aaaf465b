using System.CommandLine;
using NSynthBox;

var root = new RootCommand("NSynthBox: a neural synthesizer that decodes timbres live on the device")
{
    RenderCommand.Create(),
    InstrumentsCommand.Create(),
    BenchCommand.Create(),
    RunCommand.Create(), LatencyCommand.Create(), DevicesCommand.Create(),
    SelftestCommand.Create(),
    SelftestCommand.CreateCalibrate(),
    ImportCommand.Create(), SoundsCommand.Create(),
};
return root.Parse(args).Invoke();
