using System.Collections;
using System.Globalization;
using System.Resources;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace OneWindow.Web.Tests.Infrastructure;

/// <summary>Culture helpers for tests of the ru/en texts: run code in a culture, read a resource's keys, make a localizer.</summary>
public static class Cultures
{
    public static readonly ResourceManagerStringLocalizerFactory Factory =
        new(Options.Create(new LocalizationOptions { ResourcesPath = "" }), NullLoggerFactory.Instance);

    /// <summary>Runs <paramref name="work"/> with the UI and formatting culture set, then puts both back.</summary>
    public static T In<T>(string culture, Func<T> work)
    {
        var (ui, current) = (CultureInfo.CurrentUICulture, CultureInfo.CurrentCulture);
        CultureInfo.CurrentUICulture = CultureInfo.CurrentCulture = new CultureInfo(culture);
        try
        {
            return work();
        }
        finally
        {
            (CultureInfo.CurrentUICulture, CultureInfo.CurrentCulture) = (ui, current);
        }
    }

    /// <summary>The keys a resource (a marker class of OneWindow.Web.Resources) has in one culture's file, without fallback.</summary>
    public static HashSet<string> Keys<TResource>(CultureInfo culture)
    {
        var manager = new ResourceManager(typeof(TResource).FullName!, typeof(TResource).Assembly);
        var set = manager.GetResourceSet(culture, true, false) ?? throw new InvalidOperationException($"No resources for '{culture.Name}'.");
        return [.. set.Cast<DictionaryEntry>().Select(e => (string)e.Key)];
    }
}
