using System.Globalization;

namespace NSynthBox.HardwarePlans.Tests;

public class BomTests
{
    [Fact]
    public void Has_the_required_columns()
    {
        var (header, _) = Bom.Load();
        foreach (var c in Bom.RequiredColumns)
        {
            Assert.Contains(c, header);
        }

        Assert.Equal(header.Count, header.Distinct().Count());
    }

    [Fact]
    public void Every_row_is_well_formed()
    {
        var (_, rows) = Bom.Load();
        Assert.NotEmpty(rows);
        var items = new HashSet<int>();
        foreach (var r in rows)
        {
            var where = $"BOM.csv line {r.Line}";
            Assert.True(int.TryParse(r["Item"], NumberStyles.None, CultureInfo.InvariantCulture, out var item) && item > 0, $"{where}: Item");
            Assert.True(items.Add(item), $"{where}: Item {item} repeated");
            Assert.True(int.TryParse(r["Quantity"], NumberStyles.None, CultureInfo.InvariantCulture, out var qty) && qty > 0,
                $"{where}: Quantity '{r["Quantity"]}' is not a positive integer");
            Assert.True(decimal.TryParse(r["UnitCostUSD"], NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var cost) && cost > 0,
                $"{where}: UnitCostUSD '{r["UnitCostUSD"]}' is not a positive number");
            Assert.Contains(r["Variant"], Bom.Variants);
            foreach (var c in new[] { "Description", "Manufacturer", "ManufacturerPartNumber", "GenericAlternative", "Specification", "Subsystem" })
            {
                Assert.False(string.IsNullOrWhiteSpace(r[c]), $"{where}: {c} is empty");
            }

            if (r["Manufacturer"] != "Generic")
            {
                Assert.NotEqual("-", r["ManufacturerPartNumber"]);
            }

            if (r.Fields.TryGetValue("Fit", out var fit))
            {
                Assert.Contains(fit, new[] { "required", "optional" });
            }

            if (r.References.Count > 0)
            {
                Assert.True(qty == r.References.Count, $"{where}: Quantity {qty} but {r.References.Count} references");
            }
        }
    }

    [Fact]
    public void No_reference_is_listed_twice()
    {
        var (_, rows) = Bom.Load();
        var all = rows.SelectMany(r => r.References).ToList();
        var dup = all.GroupBy(x => x).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
        Assert.True(dup.Count == 0, "listed twice: " + string.Join(", ", dup));
    }

    [Fact]
    public void References_match_the_schematic_both_ways()
    {
        var sch = Schematic.Load();
        var schRefs = sch.Instances.Select(i => i.Reference).Where(r => !r.StartsWith('#')).ToHashSet();
        var bomRefs = Bom.AllReferences();
        var notInBom = schRefs.Except(bomRefs).Order().ToList();
        var notInSchematic = bomRefs.Except(schRefs).Order().ToList();
        Assert.True(notInBom.Count == 0, "in the schematic but not in BOM.csv: " + string.Join(", ", notInBom));
        Assert.True(notInSchematic.Count == 0, "in BOM.csv but not in the schematic: " + string.Join(", ", notInSchematic));
    }

    [Theory]
    [InlineData("pi4")]
    [InlineData("pi5")]
    [InlineData("jetson-orin-nano")]
    public void Each_variant_has_a_computer(string variant)
    {
        var (_, rows) = Bom.Load();
        Assert.Single(rows, r => r["Variant"] == variant && r["Subsystem"] == "Compute" && r["Description"].Contains(variant == "jetson-orin-nano" ? "Jetson" : "Raspberry Pi", StringComparison.Ordinal));
    }

    [Fact]
    public void Required_parts_of_the_reference_build_are_listed()
    {
        var (_, rows) = Bom.Load();
        var mpns = rows.Select(r => r["ManufacturerPartNumber"]).ToHashSet();
        foreach (var mpn in new[] { "1982", "MCP3008-I/P", "1085", "1N4148", "CFR-25JB-52-220R" })
        {
            Assert.Contains(mpn, mpns);
        }

        Assert.Contains(rows, r => r["Description"].Contains("6N138", StringComparison.Ordinal));
        Assert.Contains(rows, r => r["Description"].Contains("DIN socket", StringComparison.Ordinal));
    }
}
