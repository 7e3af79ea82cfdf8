using static OneWindow.ArchitectureTests.WebArchitecture;

namespace OneWindow.ArchitectureTests;

/// <summary>Which feature uses which, and the cycles in that graph (Tarjan's strongly connected components).</summary>
public static class FeatureGraph
{
    /// <summary>
    /// Feature → feature, with the type dependencies that make each arrow. Shared entities do not count: they are the
    /// data model Data holds for all, and rows refer to each other both ways (a team has a lead, a person a team).
    /// </summary>
    public static Dictionary<(string From, string To), List<string>> Edges()
    {
        var edges = new Dictionary<(string, string), List<string>>();
        foreach (var type in AppTypes)
        {
            if (FeatureOf(type) is not { } from)
            {
                continue;
            }

            foreach (var (origin, target) in DependenciesOf(type))
            {
                if (FeatureOf(target) is { } to && to != from && !IsEntity(target))
                {
                    if (!edges.TryGetValue((from, to), out var why))
                    {
                        edges[(from, to)] = why = [];
                    }

                    why.Add(Describe(origin, target));
                }
            }
        }

        foreach (var why in edges.Values)
        {
            why.Sort(StringComparer.Ordinal);
        }

        return edges;
    }

    /// <summary>Each set of features that reach each other (its members, and one cycle through the first of them).</summary>
    public static List<(List<string> Members, List<string> Cycle)> Cycles(Dictionary<(string From, string To), List<string>> edges)
    {
        var nodes = edges.Keys.SelectMany(e => new[] { e.From, e.To }).Distinct().Order(StringComparer.Ordinal).ToList();
        var next = nodes.ToDictionary(n => n, n => edges.Keys.Where(e => e.From == n).Select(e => e.To).Order(StringComparer.Ordinal).ToList());
        var index = new Dictionary<string, int>();
        var low = new Dictionary<string, int>();
        var stack = new Stack<string>();
        var onStack = new HashSet<string>();
        var components = new List<List<string>>();
        var counter = 0;

        void Visit(string v)
        {
            index[v] = low[v] = counter++;
            stack.Push(v);
            onStack.Add(v);
            foreach (var w in next[v])
            {
                if (!index.TryGetValue(w, out var seen))
                {
                    Visit(w);
                    low[v] = Math.Min(low[v], low[w]);
                }
                else if (onStack.Contains(w))
                {
                    low[v] = Math.Min(low[v], seen);
                }
            }

            if (low[v] == index[v])
            {
                var component = new List<string>();
                string w;
                do
                {
                    w = stack.Pop();
                    onStack.Remove(w);
                    component.Add(w);
                }
                while (w != v);
                if (component.Count > 1)
                {
                    components.Add(component);
                }
            }
        }

        foreach (var n in nodes.Where(n => !index.ContainsKey(n)))
        {
            Visit(n);
        }

        return [.. components.Select(c => (c.Order(StringComparer.Ordinal).ToList(), CycleThrough(c.ToHashSet(), next)))];
    }

    /// <summary>A shortest closed walk from the first member back to itself, to show how the component hangs together.</summary>
    private static List<string> CycleThrough(HashSet<string> members, Dictionary<string, List<string>> next)
    {
        var start = members.Order(StringComparer.Ordinal).First();
        var previous = new Dictionary<string, string>();
        var queue = new Queue<string>([start]);
        while (queue.Count > 0)
        {
            var v = queue.Dequeue();
            foreach (var w in next[v].Where(members.Contains))
            {
                if (w == start)
                {
                    var path = new List<string> { v };
                    while (path[^1] != start)
                    {
                        path.Add(previous[path[^1]]);
                    }

                    path.Reverse();
                    return path;
                }

                if (!previous.ContainsKey(w))
                {
                    previous[w] = v;
                    queue.Enqueue(w);
                }
            }
        }

        return [.. members];
    }
}
