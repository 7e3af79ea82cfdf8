using System.Text.Json.Nodes;
using OneWindow.Web.Tests.Infrastructure;

namespace OneWindow.Web.Tests.Infrastructure.Api;

/// <summary>
/// Integrations are built against the published API: every operation, parameter, response and schema property of the
/// recorded document (openapi-v1.baseline.json, as of the ticketing, service-level and feedback issues) must still be
/// there, unchanged. New operations, responses, optional properties and enum values added at the end are fine.
/// </summary>
public sealed class OpenApiCompatibilityTests(OneWindowFactory app) : IClassFixture<OneWindowFactory>
{
    [Fact]
    public async Task The_api_document_only_grows()
    {
        var baseline = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(AppContext.BaseDirectory, "Infrastructure", "Api", "openapi-v1.baseline.json")))!;
        var live = JsonNode.Parse(await app.AnonymousClient().GetStringAsync("/openapi/v1.json"))!;
        var problems = new List<string>();

        foreach (var (path, operations) in baseline["paths"]!.AsObject())
        {
            foreach (var (method, operation) in operations!.AsObject())
            {
                var now = live["paths"]?[path]?[method];
                if (now is null)
                {
                    problems.Add($"{method.ToUpperInvariant()} {path} is gone");
                    continue;
                }

                if (operation!["operationId"]?.ToString() != now["operationId"]?.ToString())
                {
                    problems.Add($"{method.ToUpperInvariant()} {path}: operationId {operation["operationId"]} became {now["operationId"]}");
                }

                foreach (var parameter in operation["parameters"]?.AsArray() ?? [])
                {
                    var same = (now["parameters"]?.AsArray() ?? []).FirstOrDefault(p => p!["name"]?.ToString() == parameter!["name"]?.ToString() && p!["in"]?.ToString() == parameter["in"]?.ToString());
                    if (same is null || !JsonNode.DeepEquals(same, parameter))
                    {
                        problems.Add($"{method.ToUpperInvariant()} {path}: parameter {parameter!["name"]} changed or gone");
                    }
                }

                if (!JsonNode.DeepEquals(operation["requestBody"], now["requestBody"]))
                {
                    problems.Add($"{method.ToUpperInvariant()} {path}: request body changed");
                }

                foreach (var (status, response) in operation["responses"]?.AsObject() ?? [])
                {
                    if (!JsonNode.DeepEquals(response, now["responses"]?[status]))
                    {
                        problems.Add($"{method.ToUpperInvariant()} {path}: response {status} changed or gone");
                    }
                }
            }
        }

        foreach (var (name, schema) in baseline["components"]!["schemas"]!.AsObject())
        {
            var now = live["components"]?["schemas"]?[name];
            if (now is null)
            {
                problems.Add($"schema {name} is gone");
                continue;
            }

            var before = schema!.DeepClone().AsObject();
            var after = now.DeepClone().AsObject();
            // Properties may be added; those that were there stay as they were, and nothing new becomes required.
            var beforeProperties = before["properties"]?.AsObject();
            var afterProperties = after["properties"]?.AsObject();
            foreach (var (property, definition) in beforeProperties ?? [])
            {
                if (!JsonNode.DeepEquals(definition, afterProperties?[property]))
                {
                    problems.Add($"schema {name}: property {property} changed or gone");
                }
            }

            before.Remove("properties");
            after.Remove("properties");
            // An enum may gain values at its end (issue 13 added the "Planned" service stage); every value it had stays, in
            // its place, so a client reading the old ones still reads them; removing or renaming one still fails.
            if (before["enum"] is JsonArray oldValues && after["enum"] is JsonArray newValues && newValues.Count > oldValues.Count
                && oldValues.Select((v, i) => JsonNode.DeepEquals(v, newValues[i])).All(same => same))
            {
                after["enum"] = oldValues.DeepClone();
            }

            if (!JsonNode.DeepEquals(before, after))
            {
                problems.Add($"schema {name}: changed beyond new properties ({before.ToJsonString()} → {after.ToJsonString()})");
            }
        }

        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
    }
}
