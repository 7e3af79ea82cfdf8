using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server.Circuits;
using Microsoft.AspNetCore.Localization;
using MudBlazor.Services;
using OneWindow.Web.Infrastructure.Tenancy;

namespace OneWindow.Web.Infrastructure.Ui;

public static class UiSetup
{
    public static readonly CultureInfo[] Cultures = [new("ru-RU"), new("en-US")];

    public static IServiceCollection AddOneWindowUi(this IServiceCollection services)
    {
        services.AddRazorComponents().AddInteractiveServerComponents();
        services.AddCascadingAuthenticationState();
        services.AddScoped<CircuitHandler, CurrentActorCircuitHandler>();
        services.AddMudServices();
        services.AddLocalization(o => o.ResourcesPath = "");
        services.AddHttpContextAccessor();
        services.AddScoped<PageWrites>();
        return services;
    }

    public static WebApplication UseOneWindowLocalization(this WebApplication app)
    {
        var options = new RequestLocalizationOptions
        {
            DefaultRequestCulture = new RequestCulture(Cultures[0]),
            SupportedCultures = Cultures,
            SupportedUICultures = Cultures,
            FallBackToParentCultures = true,
            FallBackToParentUICultures = true,
        };
        // Russian by default, whatever the browser says; the person's explicit choice (the switcher's cookie) wins.
        options.RequestCultureProviders = [new CookieRequestCultureProvider()];
        app.UseRequestLocalization(options);
        return app;
    }
}
