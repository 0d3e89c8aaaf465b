using System.Globalization;

namespace NSynthBox.HardwarePlans.Tests;

public sealed record LibPin(string Number, string Name, string Type, double X, double Y, bool Hidden);

public sealed record LibSymbolDef(string LibId, bool IsPower, IReadOnlyList<LibPin> Pins);

public sealed record SymbolInstance(string Reference, string Value, string LibId, double X, double Y, int Rotation, string Uuid);

/// <summary>
/// A KiCad 6 schematic read with our own S-expression parser, and its connectivity: wires join at
/// shared end points (or where an end point lies on another wire), labels of one name join their
/// wires, power symbols name their net after their Value.
/// </summary>
public sealed class KiCadSchematic
{
    private readonly Dictionary<long, int> pointIds = [];
    private readonly List<int> parent = [];

    public KiCadSchematic(string text)
    {
        Root = SExpr.Parse(text);
        if (Root.Head != "kicad_sch")
        {
            throw new FormatException("top-level form is not (kicad_sch ...)");
        }

        var libs = Root.Child("lib_symbols") ?? throw new FormatException("no lib_symbols");
        foreach (var s in libs.Children("symbol"))
        {
            var pins = new List<LibPin>();
            CollectPins(s, pins);
            Library[s.Text(1)] = new LibSymbolDef(s.Text(1), s.Child("power") is not null, pins);
        }

        foreach (var s in Root.Children("symbol"))
        {
            var at = s.Child("at") ?? throw new FormatException("symbol without (at)");
            if (s.Child("mirror") is not null)
            {
                throw new NotSupportedException("mirrored symbols are not handled by this checker");
            }

            string Prop(string name) =>
                s.Children("property").FirstOrDefault(p => p.Text(1) == name)?.Text(2)
                ?? throw new FormatException($"symbol without a {name} property");

            Instances.Add(new SymbolInstance(
                Prop("Reference"), Prop("Value"), s.Child("lib_id")!.Text(1),
                at.Number(1), at.Number(2), at.Items.Count > 3 ? (int)at.Number(3) : 0,
                s.Child("uuid")?.Text(1) ?? ""));
        }

        foreach (var w in Root.Children("wire"))
        {
            var pts = w.Child("pts")!.Children("xy").ToList();
            for (var i = 0; i + 1 < pts.Count; i++)
            {
                Wires.Add(((pts[i].Number(1), pts[i].Number(2)), (pts[i + 1].Number(1), pts[i + 1].Number(2))));
            }
        }

        foreach (var head in new[] { "label", "global_label", "hierarchical_label" })
        {
            foreach (var l in Root.Children(head))
            {
                var at = l.Child("at")!;
                Labels.Add((l.Text(1), (at.Number(1), at.Number(2))));
            }
        }

        foreach (var n in Root.Children("no_connect"))
        {
            var at = n.Child("at")!;
            NoConnects.Add((at.Number(1), at.Number(2)));
        }

        BuildNets();
    }

    public SExpr Root { get; }

    public Dictionary<string, LibSymbolDef> Library { get; } = [];

    public List<SymbolInstance> Instances { get; } = [];

    public List<((double X, double Y) A, (double X, double Y) B)> Wires { get; } = [];

    public List<(string Name, (double X, double Y) At)> Labels { get; } = [];

    public List<(double X, double Y)> NoConnects { get; } = [];

    /// <summary>Net name (label or power value; "?n" for unnamed) to the pins on it as "REF.NUMBER".</summary>
    public Dictionary<string, HashSet<string>> Nets { get; } = [];

    /// <summary>"REF.NUMBER" to net name, for every connected pin of a non-power symbol.</summary>
    public Dictionary<string, string> NetOfPin { get; } = [];

    /// <summary>"REF.NUMBER" of pins that are neither connected nor flagged no-connect.</summary>
    public List<string> DanglingPins { get; } = [];

    public SymbolInstance Instance(string reference) =>
        Instances.SingleOrDefault(i => i.Reference == reference)
        ?? throw new KeyNotFoundException($"no symbol {reference} in the schematic");

    /// <summary>Finds a pin of a placed symbol by pin name or, failing that, by number.</summary>
    public LibPin Pin(string reference, string key)
    {
        var lib = Library[Instance(reference).LibId];
        var byName = lib.Pins.Where(p => p.Name == key).ToList();
        if (byName.Count == 1)
        {
            return byName[0];
        }

        var byNumber = lib.Pins.Where(p => p.Number == key).ToList();
        return byNumber.Count == 1
            ? byNumber[0]
            : throw new KeyNotFoundException($"{reference} has no single pin named or numbered {key}");
    }

    public string? NetOf(string reference, string pinKey) =>
        NetOfPin.GetValueOrDefault($"{reference}.{Pin(reference, pinKey).Number}");

    public (double X, double Y) PinPosition(SymbolInstance inst, LibPin pin)
    {
        // library y points up, the sheet's y points down; rotation is counter-clockwise on the sheet
        double vx = pin.X, vy = -pin.Y;
        var r = inst.Rotation * Math.PI / 180;
        var c = Math.Round(Math.Cos(r));
        var s = Math.Round(Math.Sin(r));
        return (inst.X + (vx * c) + (vy * s), inst.Y - (vx * s) + (vy * c));
    }

    private static void CollectPins(SExpr sym, List<LibPin> pins)
    {
        foreach (var unit in sym.Children("symbol"))
        {
            foreach (var p in unit.Children("pin"))
            {
                var at = p.Child("at")!;
                pins.Add(new LibPin(
                    p.Child("number")!.Text(1), p.Child("name")!.Text(1), p.Text(1),
                    at.Number(1), at.Number(2), p.Items.Any(i => !i.IsList && i.Atom == "hide")));
            }
        }
    }

    private static long Key((double X, double Y) p) =>
        (long)Math.Round(p.X * 1000) * 10_000_000L + (long)Math.Round(p.Y * 1000);

    private int Id((double X, double Y) p)
    {
        var k = Key(p);
        if (!pointIds.TryGetValue(k, out var id))
        {
            id = parent.Count;
            parent.Add(id);
            pointIds[k] = id;
        }

        return id;
    }

    private int Find(int a)
    {
        while (parent[a] != a)
        {
            parent[a] = parent[parent[a]];
            a = parent[a];
        }

        return a;
    }

    private void Union(int a, int b) => parent[Find(a)] = Find(b);

    private static bool OnSegment((double X, double Y) p, (double X, double Y) a, (double X, double Y) b)
    {
        const double eps = 1e-3;
        var cross = ((b.X - a.X) * (p.Y - a.Y)) - ((b.Y - a.Y) * (p.X - a.X));
        if (Math.Abs(cross) > eps)
        {
            return false;
        }

        return p.X >= Math.Min(a.X, b.X) - eps && p.X <= Math.Max(a.X, b.X) + eps
            && p.Y >= Math.Min(a.Y, b.Y) - eps && p.Y <= Math.Max(a.Y, b.Y) + eps;
    }

    private void BuildNets()
    {
        var pinPoints = new List<(string Key, (double X, double Y) At, bool Power, string Value)>();
        foreach (var inst in Instances)
        {
            var lib = Library.TryGetValue(inst.LibId, out var l)
                ? l
                : throw new FormatException($"{inst.Reference}: lib_id {inst.LibId} not in lib_symbols");
            foreach (var pin in lib.Pins)
            {
                pinPoints.Add(($"{inst.Reference}.{pin.Number}", PinPosition(inst, pin),
                    lib.IsPower && pin.Type == "power_in", inst.Value));
            }
        }

        var points = new List<(double X, double Y)>();
        points.AddRange(pinPoints.Select(p => p.At));
        points.AddRange(Labels.Select(l => l.At));
        foreach (var (a, b) in Wires)
        {
            Union(Id(a), Id(b));
            points.Add(a);
            points.Add(b);
        }

        foreach (var p in points)
        {
            var id = Id(p);
            foreach (var (a, b) in Wires)
            {
                if (OnSegment(p, a, b))
                {
                    Union(id, Id(a));
                }
            }
        }

        // names per group, then merge groups that share a name
        var names = new Dictionary<int, HashSet<string>>();
        void Name(int group, string name)
        {
            if (!names.TryGetValue(group, out var set))
            {
                names[group] = set = [];
            }

            set.Add(name);
        }

        foreach (var (name, at) in Labels)
        {
            Name(Find(Id(at)), name);
        }

        foreach (var p in pinPoints.Where(p => p.Power))
        {
            Name(Find(Id(p.At)), p.Value);
        }

        var firstGroupOfName = new Dictionary<string, int>();
        foreach (var (group, set) in names.ToList())
        {
            foreach (var n in set)
            {
                if (firstGroupOfName.TryGetValue(n, out var g))
                {
                    Union(group, g);
                }
                else
                {
                    firstGroupOfName[n] = group;
                }
            }
        }

        var finalNames = new Dictionary<int, SortedSet<string>>();
        foreach (var (group, set) in names)
        {
            var root = Find(group);
            if (!finalNames.TryGetValue(root, out var s))
            {
                finalNames[root] = s = [];
            }

            s.UnionWith(set);
        }

        var connected = new Dictionary<int, int>();
        foreach (var (a, b) in Wires)
        {
            connected[Find(Id(a))] = connected.GetValueOrDefault(Find(Id(a))) + 1;
        }

        foreach (var p in pinPoints)
        {
            var root = Find(Id(p.At));
            connected[root] = connected.GetValueOrDefault(root) + 1;
        }

        var noConnect = NoConnects.Select(Key).ToHashSet();
        foreach (var p in pinPoints.Where(p => !p.Power && !p.Key.StartsWith('#')))
        {
            var root = Find(Id(p.At));
            var named = finalNames.TryGetValue(root, out var ns) && ns.Count > 0;
            var hasWire = Wires.Any(w => Find(Id(w.A)) == root);
            if (!named && !hasWire)
            {
                if (!noConnect.Contains(Key(p.At)))
                {
                    DanglingPins.Add(p.Key);
                }

                continue;
            }

            if (named && ns!.Count > 1)
            {
                throw new FormatException($"{p.Key} joins differently named nets: {string.Join(", ", ns)}");
            }

            var net = named ? ns!.Min! : "?" + root.ToString(CultureInfo.InvariantCulture);
            NetOfPin[p.Key] = net;
            if (!Nets.TryGetValue(net, out var members))
            {
                Nets[net] = members = [];
            }

            members.Add(p.Key);
        }
    }
}
