using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using OneWindow.Web.Features.Documents;
using OneWindow.Web.Resources;
using OneWindow.Web.Tests.Infrastructure;

namespace OneWindow.Web.Tests.Features.Documents;

/// <summary>The documents' and the matrix's pages show their desks' refusals in the person's language.</summary>
public class DocumentDeskTextTests(OneWindowFactory app) : IClassFixture<OneWindowFactory>
{
    private static readonly ResourceManagerStringLocalizerFactory Factory = Cultures.Factory;

    private static T In<T>(string culture, Func<T> work) => Cultures.In(culture, work);

    private static HashSet<string> Keys<TResource>(CultureInfo culture) => Cultures.Keys<TResource>(culture);

    [Fact]
    public void Every_known_sentence_has_a_russian_and_an_english_text()
    {
        foreach (var culture in new[] { CultureInfo.InvariantCulture, new CultureInfo("en") })
        {
            var documents = Keys<DocumentResource>(culture);
            Assert.All(DocumentDeskText.Known.Values.Append("ErrOpenVersion"), key => Assert.Contains(key, documents));
            var matrix = Keys<MatrixResource>(culture);
            Assert.All(MatrixDeskText.Known.Values, key => Assert.Contains(key, matrix));
        }

        var text = new DocumentDeskText(new StringLocalizer<DocumentResource>(Factory));
        Assert.Equal("Версия 3 ещё в работе или на согласовании: измените её.",
            In("ru-RU", () => text.Translate("Version 3 is still a draft or under review: change it instead.")));
    }

    [Fact]
    public async Task The_matrix_desks_field_errors_read_in_russian()
    {
        // Real refusals from the desk through the API, each a sentence the translator knows.
        var company = await app.WithDbAsync(db => db.Companies.Where(c => c.Name == Demo.CompanyA).Select(c => c.Id).SingleAsync());
        var client = await app.ClientForAsync(Demo.Quality);
        var refused = new List<string>();
        foreach (var body in new object[]
        {
            new { companyId = company, serviceId = Guid.NewGuid(), stage = "Stable", activity = "Transfer", side = "Ssc", letter = "X", target = "AccountRole", note = new string('x', 501) },
            new { companyId = company, stage = "Stable", activity = "Transfer", side = "Client", letter = "A", target = "AccountRole" },
            new { companyId = company, stage = "Stable", activity = "Transfer", side = "Client", letter = "A", target = "ClientDepartment", clientDepartment = "" },
        })
        {
            var response = await client.PostAsJsonAsync("/api/v1/interaction-matrix/rows", body);
            var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
            refused.AddRange(problem.GetProperty("errors").EnumerateObject().SelectMany(e => e.Value.EnumerateArray().Select(m => m.GetString()!)));
        }

        Assert.True(refused.Count >= 4, string.Join(" | ", refused));
        var text = new MatrixDeskText(new StringLocalizer<MatrixResource>(Factory));
        Assert.All(refused, sentence =>
        {
            Assert.True(MatrixDeskText.Known.ContainsKey(sentence), $"Unknown matrix desk sentence: {sentence}");
            Assert.Matches("[а-яА-Я]", In("ru-RU", () => text.Translate(sentence)));
        });
    }
}
