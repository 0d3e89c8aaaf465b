namespace NSynthBox.HardwarePlans.Tests;

public sealed record BomRow(int Line, IReadOnlyDictionary<string, string> Fields)
{
    public string this[string column] => Fields[column];

    public IReadOnlyList<string> References =>
        Fields["References"].Split([' ', ',', ';'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}

public static class Bom
{
    public static readonly string[] RequiredColumns =
    [
        "Item", "References", "Quantity", "Description", "Manufacturer", "ManufacturerPartNumber",
        "GenericAlternative", "Specification", "UnitCostUSD", "Subsystem", "Variant",
    ];

    public static readonly string[] Variants = ["all", "pi4", "pi5", "jetson-orin-nano"];

    public static (List<string> Header, List<BomRow> Rows) Load()
    {
        var table = Csv.Parse(Repo.Read("BOM.csv"));
        var header = table[0];
        var rows = new List<BomRow>();
        for (var i = 1; i < table.Count; i++)
        {
            if (table[i].Count == 1 && table[i][0].Length == 0)
            {
                continue;
            }

            if (table[i].Count != header.Count)
            {
                throw new FormatException($"BOM.csv line {i + 1}: {table[i].Count} fields, header has {header.Count}");
            }

            rows.Add(new BomRow(i + 1, header.Zip(table[i]).ToDictionary(p => p.First, p => p.Second)));
        }

        return (header, rows);
    }

    public static HashSet<string> AllReferences() =>
        Load().Rows.SelectMany(r => r.References).ToHashSet();
}
