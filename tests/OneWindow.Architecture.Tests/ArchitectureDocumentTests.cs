using System.Text.RegularExpressions;

namespace OneWindow.ArchitectureTests;

/// <summary>docs/architecture.md draws the arrows between features; the drawing must be the code's, not a wish.</summary>
public sealed partial class ArchitectureDocumentTests
{
    [GeneratedRegex(@"^\s*([A-Za-z]+)\s*-->\s*([A-Za-z]+)\s*$")]
    private static partial Regex Arrow();

    [Fact]
    public void The_architecture_document_draws_exactly_the_arrows_between_features()
    {
        var document = File.ReadAllLines(Path.Combine(RepositoryRoot(), "docs", "architecture.md"));
        var start = Array.FindIndex(document, l => l.Trim() == "%% features: generated arrows are checked by ArchitectureDocumentTests");
        Assert.True(start >= 0, "docs/architecture.md has no feature diagram marker");
        var drawn = document.Skip(start + 1).TakeWhile(l => l.Trim() != "```")
            .Select(l => Arrow().Match(l)).Where(m => m.Success).Select(m => (m.Groups[1].Value, m.Groups[2].Value)).ToHashSet();
        var actual = FeatureGraph.Edges().Keys.ToHashSet();

        var missing = actual.Except(drawn).Select(e => $"    {e.Item1} --> {e.Item2}").Order(StringComparer.Ordinal).ToList();
        var extra = drawn.Except(actual).Select(e => $"    {e.Item1} --> {e.Item2}").Order(StringComparer.Ordinal).ToList();
        Assert.True(missing.Count == 0 && extra.Count == 0,
            $"The diagram differs from the code.{Environment.NewLine}Missing arrows:{Environment.NewLine}{string.Join(Environment.NewLine, missing)}"
            + $"{Environment.NewLine}Arrows the code does not have:{Environment.NewLine}{string.Join(Environment.NewLine, extra)}");
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "OneWindow.slnx")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("The repository root (OneWindow.slnx) is not above the test's folder.");
    }
}
