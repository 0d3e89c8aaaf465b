using System.CommandLine;

namespace NSynthBox;

/// <summary>nsynthbox instruments: the model's instruments (what the corners can hold).</summary>
internal static class InstrumentsCommand
{
    public static Command Create()
    {
        var model = new Option<string?>("--model") { Description = "model package folder" };
        var command = new Command("instruments", "List the model's instruments") { model };
        command.SetAction(r => Cli.Guard(() =>
        {
            var package = ModelLocator.Load(r.GetValue(model));
            Console.WriteLine($"model {package.Name} {package.Version}: {package.Instruments.Count} instruments");
            Console.WriteLine($"{"#",4}  {"GM",3}  {"name",-26} {"family",-22} range");
            foreach (var i in package.Instruments)
                Console.WriteLine($"{i.Index,4}  {i.Program,3}  {i.Name,-26} {i.Family,-22} {i.LowNote}-{i.HighNote}");
            return 0;
        }));
        return command;
    }
}
