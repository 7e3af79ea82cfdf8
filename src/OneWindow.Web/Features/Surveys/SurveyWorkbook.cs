using MiniExcelLibs;
using OneWindow.Core.Surveys;

namespace OneWindow.Web.Features.Surveys;

/// <summary>
/// A campaign's results as an Excel workbook (MiniExcel): "Summary" per wave, "Cuts", "Attributes" with the priority
/// quadrants, "Verbatims" and, for a named campaign only, "Responses" one row per person. An anonymous campaign's workbook
/// holds only what its results page shows: figures (hidden under five), verbatims without company, and no response rows.
/// </summary>
public sealed class SurveyWorkbook(SurveyResults results, SurveyDrillDown drillDown, IStringLocalizer<SurveyAdminResource> text)
{
    public async Task<byte[]?> BuildAsync(Guid campaignId, string culture, CancellationToken ct)
    {
        if (await results.ForCampaignAsync(campaignId, culture, ct) is not { } dto)
        {
            return null;
        }

        var summary = dto.Waves.Select(w => XlsxRows.Row([
            (text["Col_Wave"], w.Number), (text["Col_Opens"], w.Opens.ToDateTime(TimeOnly.MinValue)), (text["Col_Closes"], w.Closes.ToDateTime(TimeOnly.MinValue)),
            (text["Col_Invited"], w.Invited), (text["Col_Skipped"], w.Skipped), (text["Col_Completed"], w.Completed), (text["Col_ResponseRate"], w.ResponseRate),
            .. Figures(w.Overall)])).ToList();
        var cuts = dto.Waves.SelectMany(w => w.Cuts.Select(c => XlsxRows.Row([
            (text["Col_Wave"], w.Number), (text["Col_Cut"], text["Cut_" + c.Kind].Value), (text["Col_Name"], c.Kind == "role" ? text["Role_" + c.Name].Value : c.Name),
            .. Figures(c.Figures)]))).ToList();
        var attributes = dto.Waves.SelectMany(w => (w.Overall.Csi?.Attributes ?? []).Select(a => XlsxRows.Row(
            (text["Col_Wave"], w.Number), (text["Col_Attribute"], AttributeName(dto, a.Attribute)), (text["Col_N"], a.N),
            (text["Col_MeanImportance"], Math.Round(a.MeanImportance, 2)), (text["Col_MeanSatisfaction"], Math.Round(a.MeanSatisfaction, 2)),
            (text["Col_Weight"], Math.Round(a.Weight, 4)), (text["Col_Quadrant"], text["Quadrant_" + a.Quadrant].Value)))).ToList();
        var verbatims = dto.Waves.SelectMany(w => w.Verbatims.Select(v => XlsxRows.Row(
            (text["Col_Wave"], w.Number), (text["Col_Question"], v.Question), (text["Col_Text"], v.Text), (text["Col_Nps"], v.NpsScore),
            (text["Col_Company"], v.Company), (text["Col_Person"], v.Person), (text["Col_Tags"], string.Join(", ", v.Tags.Select(t => VerbatimTags.Sentiments.Contains(t) ? text["Sentiment_" + t].Value : t)))))).ToList();

        var sheets = new Dictionary<string, object>
        {
            [text["Sheet_Summary"]] = summary.Count > 0 ? summary : [XlsxRows.Row((text["Col_Wave"], (object?)null))],
            [text["Sheet_Cuts"]] = cuts.Count > 0 ? cuts : [XlsxRows.Row((text["Col_Cut"], (object?)null))],
            [text["Sheet_Attributes"]] = attributes.Count > 0 ? attributes : [XlsxRows.Row((text["Col_Attribute"], (object?)null))],
            [text["Sheet_Verbatims"]] = verbatims.Count > 0 ? verbatims : [XlsxRows.Row((text["Col_Text"], (object?)null))],
        };
        if (!dto.Anonymous)
        {
            // Every row carries every question's column (MiniExcel takes the columns from the first row), in the questionnaire's order.
            var responses = new List<(int Wave, SurveyResponseRow Row)>();
            foreach (var wave in dto.Waves)
            {
                var list = await drillDown.ResponsesAsync(campaignId, new ResponseFilter(wave.WaveId), culture, ct);
                responses.AddRange((list?.Responses ?? []).Select(r => (wave.Number, r)));
            }

            var questions = responses.SelectMany(r => r.Row.Answers.Select(a => a.Question)).Distinct().ToList();
            var rows = responses.Select(r =>
            {
                var row = XlsxRows.Row([
                    (text["Col_Wave"], r.Wave), (text["Col_Company"], r.Row.Company), (text["Col_Person"], r.Row.Person), (text["Col_Role"], text["Role_" + r.Row.Role].Value),
                    (text["Col_CompletedAt"], r.Row.CompletedAt?.UtcDateTime)]);
                foreach (var question in questions)
                {
                    row[question] = r.Row.Answers.FirstOrDefault(a => a.Question == question)?.Answer;
                }

                return row;
            }).ToList();

            sheets[text["Sheet_Responses"]] = rows.Count > 0 ? rows : [XlsxRows.Row((text["Col_Person"], (object?)null))];
        }

        using var stream = new MemoryStream();
        await stream.SaveAsAsync(sheets, excelType: ExcelType.XLSX, cancellationToken: ct);
        return stream.ToArray();
    }

    private (string, object?)[] Figures(SurveyFigures f) =>
    [
        (text["Col_N"], f.Responses),
        (text["Col_Hidden"], f.Hidden ? text["HiddenBelowFive"].Value : null),
        (text["Col_Nps"], f.Nps?.Score), (text["Col_Promoters"], f.Nps?.Promoters), (text["Col_Passives"], f.Nps?.Passives), (text["Col_Detractors"], f.Nps?.Detractors),
        (text["Col_Csat"], f.Csat?.Percent), (text["Col_Csi"], f.Csi?.Index),
    ];

    private static string AttributeName(SurveyResultsDto dto, string key) => dto.AttributeNames.TryGetValue(key, out var name) ? name : key;

}
