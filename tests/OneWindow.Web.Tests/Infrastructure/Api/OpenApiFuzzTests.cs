using System.Globalization;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using CsCheck;
using Microsoft.EntityFrameworkCore;

namespace OneWindow.Web.Tests.Infrastructure.Api;

/// <summary>
/// Fuzzing the API from its own OpenAPI document (issue 11): for every operation, CsCheck generates path values, query
/// values and JSON bodies from the operation's schemas, mixed with hostile ones — wrong types, 120,000-character and
/// control-character strings, unicode, negative and huge numbers, deep nesting, missing and extra fields — and sends
/// them as a client of company A and as an administrator. Nothing may answer 5xx, and nothing a client sends may change
/// another company's data. PostgreSQL is the database that enforces lengths and text rules, so its run is the one that
/// proves them (the suite runs both). OW_FUZZ_ITERATIONS sets the cases per operation and actor (default 6: the short
/// run in ./test.sh, with a fixed seed); OW_FUZZ_SEED=random explores, a reported seed replays. SECURITY.md gives the long run.
/// </summary>
public class OpenApiFuzzTests(OneWindowFactory app) : IClassFixture<OneWindowFactory>
{
    private static int Iterations => int.TryParse(Environment.GetEnvironmentVariable("OW_FUZZ_ITERATIONS"), out var n) && n > 0 ? n : 6;

    private sealed record Operation(string Method, string Path, JsonElement Definition);

    private sealed record Case(string Url, string? Body)
    {
        public override string ToString() => Body is { Length: > 300 } b ? $"{Url} {b[..300]}…({b.Length} chars)" : $"{Url} {Body}";
    }

    [Fact]
    public async Task No_generated_request_from_a_client_or_an_admin_gets_a_5xx_and_a_client_changes_no_other_companys_data()
    {
        var admin = await app.ClientForAsync(Demo.Admin);
        var document = await admin.GetFromJsonAsync<JsonElement>("/openapi/v1.json");
        var operations = Operations(document).ToList();
        Assert.True(operations.Count > 100, $"the document lists {operations.Count} operations");
        var ids = await IdPoolAsync();
        var before = await CompanyBFingerprintAsync();

        var failures = new List<string>();
        var client = await app.ClientForAsync(Demo.ClientA);
        await FuzzAsync(client, "client A", operations, document, ids, failures);
        Assert.Equal(before, await CompanyBFingerprintAsync());

        await FuzzAsync(admin, "admin", operations, document, ids, failures);
        Assert.True(failures.Count == 0, $"{failures.Count} requests answered 5xx:{Environment.NewLine}{string.Join(Environment.NewLine, failures.Take(40))}");
    }

    [Fact]
    public async Task What_the_fuzzer_found_stays_fixed_nul_characters_are_refused_and_instants_with_an_offset_are_taken_in_utc()
    {
        var admin = await app.ClientForAsync(Demo.Admin);
        // PostgreSQL cannot store U+0000: it used to fail at the save (500).
        await HttpAssert.ProblemAsync(await admin.PostAsJsonAsync("/api/v1/holdings", new { name = "Группа\u0000", nameEn = "a\u0000b" }), 400);
        await HttpAssert.ProblemAsync(await admin.GetAsync("/api/v1/calendars?q=a%00b"), 400);
        // Npgsql writes only offset-0 instants: "+03:00" used to fail in the query (500).
        var company = await app.WithDbAsync(db => db.Companies.Where(c => c.Name == Demo.CompanyA).Select(c => c.Id).SingleAsync());
        var recalculated = await admin.PostAsJsonAsync("/api/v1/service-levels/recalculate",
            new { companyId = company, from = "2026-12-06T00:00:00+03:00", to = "2026-12-06T10:00:00+03:00" });
        Assert.True(recalculated.IsSuccessStatusCode, await recalculated.Content.ReadAsStringAsync());
        Assert.True((await admin.GetAsync("/api/v1/audit?from=2026-12-01T00:00:00%2B03:00&to=2026-12-31T00:00:00%2B10:00")).IsSuccessStatusCode);
        // An explicit null for a member with a default used to reach a NOT NULL column (500).
        var team = await app.WithDbAsync(db => db.Teams.Select(t => t.Id).FirstAsync());
        Assert.Equal(System.Net.HttpStatusCode.Created,
            (await admin.PostAsJsonAsync("/api/v1/canned-responses", new { title = "Шаблон без языка", body = "Добрый день!", teamId = team, culture = (string?)null })).StatusCode);
    }

    private static async Task FuzzAsync(HttpClient http, string who, List<Operation> operations, JsonElement document, Guid[] ids, List<string> failures)
    {
        // A fixed seed by default: the short run in ./test.sh is the same every time, so it cannot fail by luck; a long
        // run sets OW_FUZZ_SEED=random (or a seed from a report) to explore.
        var seed = Environment.GetEnvironmentVariable("OW_FUZZ_SEED") switch
        {
            null or "" => "8B9RumGlhyX5",
            "random" => null,
            var s => s,
        };
        foreach (var operation in operations)
        {
            // Signing out or minting tokens with random bodies would only test the fuzzer's own session.
            if (operation.Path.StartsWith("/api/v1/auth", StringComparison.Ordinal))
            {
                continue;
            }

            var gen = CaseFor(operation, document, ids);
            await gen.SampleAsync(async c =>
            {
                using var request = new HttpRequestMessage(new HttpMethod(operation.Method), c.Url);
                request.Headers.TryAddWithoutValidation("If-Match", "*");
                if (c.Body is not null)
                {
                    request.Content = new StringContent(c.Body, Encoding.UTF8, "application/json");
                }

                using var response = await http.SendAsync(request);
                if ((int)response.StatusCode >= 500)
                {
                    var text = await response.Content.ReadAsStringAsync();
                    lock (failures)
                    {
                        failures.Add($"{who} {operation.Method} {c} → {(int)response.StatusCode} {text[..Math.Min(400, text.Length)]}");
                    }
                }
            }, seed: seed, iter: Iterations, threads: 1);
        }
    }

    private static IEnumerable<Operation> Operations(JsonElement document)
    {
        foreach (var path in document.GetProperty("paths").EnumerateObject().Where(p => p.Name.StartsWith("/api/v1", StringComparison.Ordinal)))
        {
            foreach (var op in path.Value.EnumerateObject().Where(o => o.Name is "get" or "post" or "put" or "patch" or "delete"))
            {
                yield return new Operation(op.Name.ToUpperInvariant(), path.Name, op.Value);
            }
        }
    }

    private static Gen<Case> CaseFor(Operation operation, JsonElement document, Guid[] ids)
    {
        var parameters = operation.Definition.TryGetProperty("parameters", out var p) ? p.EnumerateArray().ToList() : [];
        var pathParams = parameters.Where(x => x.GetProperty("in").GetString() == "path").ToList();
        var queryParams = parameters.Where(x => x.GetProperty("in").GetString() == "query").ToList();
        var body = operation.Definition.TryGetProperty("requestBody", out var rb) && rb.TryGetProperty("content", out var content)
            && content.TryGetProperty("application/json", out var json) && json.TryGetProperty("schema", out var schema)
            ? (JsonElement?)schema
            : null;

        var pathGen = pathParams.Aggregate(Gen.Const(operation.Path), (acc, param) =>
            Gen.Select(acc, PathValue(param.TryGetProperty("schema", out var s) ? s : default, ids), (path, value) =>
                // A NUL in a path: Kestrel answers 400 before the app; the in-memory test server throws instead.
                path.Replace("{" + param.GetProperty("name").GetString() + "}", Uri.EscapeDataString(value.Replace("\0", "", StringComparison.Ordinal)), StringComparison.Ordinal)));
        var queryGen = queryParams.Count == 0
            ? Gen.Const("")
            : Sequence(queryParams.Select(q => Gen.Frequency<string>(
                    (2, Gen.Const("")),
                    (3, QueryValue(q.TryGetProperty("schema", out var s) ? s : default, ids).Select(v => $"{q.GetProperty("name").GetString()}={Uri.EscapeDataString(v)}")))))
                .Select(parts => string.Join("&", parts.Where(x => x.Length > 0)));
        var bodyGen = body is { } b
            ? Gen.Frequency<string?>((6, Json(b, document, ids, 0).Select(n => (string?)(n?.ToJsonString() ?? "null"))), (1, Hostile.Select(h => (string?)h)))
            : Gen.Const((string?)null);
        return Gen.Select(pathGen, queryGen, bodyGen, (path, query, payload) => new Case(query.Length > 0 ? $"{path}?{query}" : path, payload));
    }

    /// <summary>Bodies that are not JSON objects at all: broken, deep, huge, of the wrong kind.</summary>
    private static readonly Gen<string> Hostile = Gen.OneOf(
        "", "{", "null", "[]", "\"text\"", "12", "{\"a\":", "{\"\u0000\":1}",
        new string('[', 5000) + new string(']', 5000),
        "{" + string.Join(",", Enumerable.Range(0, 2000).Select(i => $"\"k{i}\":{i}")) + "}",
        JsonSerializer.Serialize(new { text = new string('щ', 300_000) }));

    private static Gen<string> PathValue(JsonElement schema, Guid[] ids) => Format(schema) == "uuid" || Type(schema) == "uuid"
        ? Gen.Frequency<string>((6, Gen.OneOf(ids).Select(g => g.ToString())), (2, Gen.Guid.Select(g => g.ToString())), (1, Strings))
        : Type(schema) is "integer" or "number" ? Numbers.Select(n => n.ToString(CultureInfo.InvariantCulture)) : Gen.Frequency<string>((3, Strings), (1, Gen.OneOf("2026-12", "2026-13", "Review", "ru", "en", "2026-12-31")));

    private static Gen<string> QueryValue(JsonElement schema, Guid[] ids) => Type(schema) switch
    {
        "integer" or "number" => Gen.Frequency<string>((3, Numbers.Select(n => n.ToString(CultureInfo.InvariantCulture))), (1, Strings)),
        "boolean" => Gen.OneOf("true", "false", "maybe"),
        _ when Format(schema) == "uuid" => Gen.Frequency<string>((3, Gen.OneOf(ids).Select(g => g.ToString())), (1, Strings)),
        _ when Format(schema) is "date-time" or "date" => Gen.OneOf("2026-12-06", "2026-12-06T10:00:00Z", "0001-01-01", "9999-12-31T23:59:59Z", "вчера"),
        _ => Strings,
    };

    private static readonly Gen<double> Numbers = Gen.Frequency<double>(
        (3, Gen.Int[-5, 1000].Select(i => (double)i)),
        (1, Gen.OneOf(-1d, 0d, int.MaxValue, int.MinValue, long.MaxValue, 1e308, -1e308, 0.5, 1e-300)));

    private static readonly Gen<string> Strings = Gen.Frequency<string>(
        (4, Gen.String[Gen.Char.AlphaNumeric, 0, 40]),
        (2, Gen.OneOf("Счёт-фактура №17", "Ёжик в тумане", "😀👍🏽", "‮RTL‬", "𝕏𝕐", "\u0000", "a\u0000b", "\t\r\n", "' OR 1=1 --", "<script>alert(1)</script>",
            "{{ 7*7 }}", "../../etc/passwd", "%00", "\ud800", " ", "")),
        (1, Gen.OneOf(new string('я', 120_000), new string('x', 4001), new string('z', 501), new string('w', 201))));

    private static Gen<JsonNode?> Json(JsonElement schema, JsonElement document, Guid[] ids, int depth)
    {
        schema = Resolve(schema, document);
        var wrongType = Gen.OneOf<JsonNode?>(null, JsonValue.Create(123), JsonValue.Create("x"), new JsonArray(), new JsonObject(), JsonValue.Create(true));
        if (depth > 4)
        {
            return wrongType;
        }

        if (schema.TryGetProperty("oneOf", out var oneOf) || schema.TryGetProperty("anyOf", out oneOf))
        {
            return Gen.OneOf<JsonNode?>([.. oneOf.EnumerateArray().Select(s => (IGen<JsonNode?>)Json(s, document, ids, depth + 1))]);
        }

        if (schema.TryGetProperty("enum", out var values))
        {
            var options = values.EnumerateArray().Select(v => JsonNode.Parse(v.GetRawText())).ToArray();
            return Gen.Frequency<JsonNode?>((5, Gen.OneOf(options)), (1, Strings.Select(s => (JsonNode?)JsonValue.Create(s))));
        }

        Gen<JsonNode?> right = Type(schema) switch
        {
            "string" when Format(schema) == "uuid" => Gen.Frequency<JsonNode?>((5, Gen.OneOf(ids).Select(g => (JsonNode?)JsonValue.Create(g))), (1, Gen.Guid.Select(g => (JsonNode?)JsonValue.Create(g)))),
            "string" when Format(schema) is "date-time" or "date" => Gen.OneOf<JsonNode?>(JsonValue.Create("2026-12-06"), JsonValue.Create("2026-12-06T10:00:00+03:00"),
                JsonValue.Create("0001-01-01T00:00:00Z"), JsonValue.Create("9999-12-31"), JsonValue.Create("31.12.2026")),
            "string" => Strings.Select(s => (JsonNode?)JsonValue.Create(s)),
            "integer" or "number" => Numbers.Select(n => (JsonNode?)JsonValue.Create(n)),
            "boolean" => Gen.Bool.Select(b => (JsonNode?)JsonValue.Create(b)),
            "array" => schema.TryGetProperty("items", out var items)
                ? Gen.Frequency<JsonNode?>((5, Json(items, document, ids, depth + 1).Array[0, 4].Select(a => (JsonNode?)new JsonArray([.. a.Select(x => x?.DeepClone())]))),
                    (1, Json(items, document, ids, depth + 1).Select(x => (JsonNode?)new JsonArray([.. Enumerable.Range(0, 300).Select(_ => x?.DeepClone())]))))
                : Gen.Const<JsonNode?>(() => new JsonArray()),
            _ => Object(schema, document, ids, depth),
        };
        return Gen.Frequency<JsonNode?>((8, right), (1, wrongType));
    }

    private static Gen<JsonNode?> Object(JsonElement schema, JsonElement document, Guid[] ids, int depth)
    {
        var properties = schema.TryGetProperty("properties", out var props) ? props.EnumerateObject().ToList() : [];
        var fields = properties.Select(p => Gen.Frequency<(string Name, bool Present, JsonNode? Value)>(
            (6, Json(p.Value, document, ids, depth + 1).Select(v => (p.Name, true, v))),
            (1, Gen.Const<(string Name, bool Present, JsonNode? Value)>((p.Name, false, null))))).ToArray();
        var extra = Gen.OneOf<string?>(null, null, null, null, "лишнее поле");
        if (fields.Length == 0)
        {
            return extra.Select(e => (JsonNode?)(e is null ? new JsonObject() : new JsonObject { ["unexpected"] = e }));
        }

        return Gen.Select(Sequence(fields), extra, (chosen, e) =>
        {
            var node = new JsonObject();
            foreach (var (name, present, value) in chosen.Where(c => c.Present))
            {
                node[name] = value?.DeepClone();
            }

            if (e is not null)
            {
                node["unexpected"] = e;
            }

            return (JsonNode?)node;
        });
    }

    private static Gen<List<T>> Sequence<T>(IEnumerable<Gen<T>> gens) =>
        gens.Aggregate(Gen.Const(() => new List<T>()), (acc, g) => Gen.Select(acc, g, (list, x) => (List<T>)[.. list, x]));

    private static JsonElement Resolve(JsonElement schema, JsonElement document)
    {
        for (var i = 0; i < 8 && schema.ValueKind == JsonValueKind.Object && schema.TryGetProperty("$ref", out var reference); i++)
        {
            var name = reference.GetString()!.Split('/')[^1];
            schema = document.GetProperty("components").GetProperty("schemas").GetProperty(name);
        }

        return schema;
    }

    private static string? Type(JsonElement schema)
    {
        if (schema.ValueKind != JsonValueKind.Object || !schema.TryGetProperty("type", out var type))
        {
            return null;
        }

        return type.ValueKind == JsonValueKind.Array
            ? type.EnumerateArray().Select(t => t.GetString()).FirstOrDefault(t => t != "null")
            : type.GetString();
    }

    private static string? Format(JsonElement schema) =>
        schema.ValueKind == JsonValueKind.Object && schema.TryGetProperty("format", out var format) ? format.GetString() : null;

    /// <summary>Real ids of both companies' rows, so generated requests reach the handlers and the database, not only a 404.</summary>
    private Task<Guid[]> IdPoolAsync() => app.WithDbAsync(async db =>
    {
        var pool = new List<Guid>();
        pool.AddRange(await db.Companies.Select(c => c.Id).ToListAsync());
        pool.AddRange(await db.Users.Select(u => u.Id).Take(40).ToListAsync());
        pool.AddRange(await db.Tickets.OrderByDescending(t => t.CreatedAt).Select(t => t.Id).Take(40).ToListAsync());
        pool.AddRange(await db.Agreements.Select(a => a.Id).ToListAsync());
        pool.AddRange(await db.AgreementVersions.Select(a => a.Id).Take(20).ToListAsync());
        pool.AddRange(await db.AgreementMetrics.Select(a => a.Id).Take(20).ToListAsync());
        pool.AddRange(await db.RequestTypes.Select(a => a.Id).ToListAsync());
        pool.AddRange(await db.Services.Select(a => a.Id).ToListAsync());
        pool.AddRange(await db.Teams.Select(a => a.Id).ToListAsync());
        pool.AddRange(await db.Calendars.Select(a => a.Id).ToListAsync());
        pool.AddRange(await db.ClientServices.Select(a => a.Id).ToListAsync());
        pool.AddRange(await db.ClientAssignments.Select(a => a.Id).ToListAsync());
        pool.AddRange(await db.Set<OneWindow.Web.Features.Feedback.FeedbackCase>().Select(a => a.Id).Take(20).ToListAsync());
        return pool.ToArray();
    });

    /// <summary>Every row of company B that a client of A could conceivably touch, with its version.</summary>
    private Task<string> CompanyBFingerprintAsync() => app.WithDbAsync(async db =>
    {
        var b = await db.Companies.Where(c => c.Name == Demo.CompanyB).Select(c => c.Id).SingleAsync();
        var parts = new List<string>();
        parts.AddRange(await db.Companies.Where(c => c.Id == b).Select(c => c.Id + ":" + c.Version).ToListAsync());
        parts.AddRange(await db.Users.Where(u => u.CompanyId == b).OrderBy(u => u.Id).Select(u => u.Id + ":" + u.Version + ":" + u.IsActive).ToListAsync());
        parts.AddRange(await db.Tickets.Where(t => t.CompanyId == b).OrderBy(t => t.Id).Select(t => t.Id + ":" + t.Version).ToListAsync());
        parts.Add("messages:" + await db.TicketMessages.CountAsync(m => m.CompanyId == b));
        parts.AddRange(await db.Agreements.Where(a => a.CompanyId == b).OrderBy(a => a.Id).Select(a => a.Id + ":" + a.Version).ToListAsync());
        parts.AddRange(await db.ClientServices.Where(a => a.CompanyId == b).OrderBy(a => a.Id).Select(a => a.Id + ":" + a.Version).ToListAsync());
        parts.AddRange(await db.ClientAssignments.Where(a => a.CompanyId == b).OrderBy(a => a.Id).Select(a => a.Id + ":" + a.Version).ToListAsync());
        parts.AddRange(await db.Set<OneWindow.Web.Features.Feedback.FeedbackCase>().Where(a => a.CompanyId == b).OrderBy(a => a.Id).Select(a => a.Id + ":" + a.Version).ToListAsync());
        return string.Join("|", parts);
    });
}
