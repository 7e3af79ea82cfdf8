namespace OneWindow.Web.Features.Catalogue;

/// <summary>The catalogue desk's refusals in the admin page's language.</summary>
public sealed class CatalogueDeskText(IStringLocalizer<AdminResource> text) : AdminDeskText(text, Known)
{
    private static readonly Dictionary<string, string> Known = new(StringComparer.Ordinal)
    {
        [CatalogueDesk.CodeTaken] = "ServiceCodeTaken",
        [CatalogueDesk.NoDepartment] = "RecordGone",
    };
}
