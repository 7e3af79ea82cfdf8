using Microsoft.EntityFrameworkCore;
using OneWindow.Web.Data;
using OneWindow.Web.Features.Documents;

namespace OneWindow.Web.Tests.Features.Documents;

/// <summary>Documents made straight in the database for the tenancy checks.</summary>
public static class DocumentFixtures
{
    private const string Title = "Регламент для проверки доступа";

    /// <summary>A regulation for SSC staff only, with a draft nobody reviews: client people must not find it.</summary>
    public static async Task<DocumentVersion> SscOnlyDraftAsync(AppDbContext db)
    {
        if (await db.Set<DocumentVersion>().Where(v => db.Set<Document>().Any(d => d.Id == v.DocumentId && d.TitleRu == Title)).FirstOrDefaultAsync() is { } found)
        {
            return found;
        }

        var document = new Document { Kind = DocumentKind.Regulation, TitleRu = Title, TitleEn = "Access check regulation" };
        var version = new DocumentVersion { DocumentId = document.Id, Number = 1, Text = "# Регламент\n\nТолько для сотрудников ЦОБ.", Status = DocumentVersionStatus.Draft };
        document.Versions.Add(version);
        db.Add(document);
        await db.SaveChangesAsync();
        return version;
    }
}
