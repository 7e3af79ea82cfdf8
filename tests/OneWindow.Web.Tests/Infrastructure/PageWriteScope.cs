using System.Globalization;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Routing;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Localization;
using OneWindow.Web.Data;
using OneWindow.Web.Data.Tenancy;
using OneWindow.Web.Features.People;
using OneWindow.Web.Infrastructure.Ui;
using OneWindow.Web.Resources;

namespace OneWindow.Web.Tests.Infrastructure;

/// <summary>
/// An admin page's writes as the page makes them: <see cref="PageWrites"/> in a circuit-like scope acting as a demo
/// person, in Russian (the UI's default), so a test sees what the person would see.
/// </summary>
public static class PageWriteScope
{
    public static async Task<T> AsPageAsync<T>(this OneWindowFactory app, string email, Func<PageWrites, IStringLocalizer<AdminResource>, Task<T>> work)
    {
        var (ui, current) = (CultureInfo.CurrentUICulture, CultureInfo.CurrentCulture);
        CultureInfo.CurrentUICulture = CultureInfo.CurrentCulture = new CultureInfo("ru-RU");
        try
        {
            await using var circuit = app.Services.CreateAsyncScope();
            var services = circuit.ServiceProvider;
            // A circuit's navigation manager knows the page's address; the snackbar service listens to it.
            ((IHostEnvironmentNavigationManager)services.GetRequiredService<NavigationManager>()).Initialize("http://localhost/", "http://localhost/admin");
            var user = await services.GetRequiredService<AppDbContext>().Users.IgnoreQueryFilters().SingleAsync(u => u.Email == email);
            var principal = await services.GetRequiredService<IUserClaimsPrincipalFactory<AppUser>>().CreateAsync(user);
            await services.GetRequiredService<CurrentActor>().EstablishAsync(principal, services.GetRequiredService<AppDbContext>());
            return await work(services.GetRequiredService<PageWrites>(), services.GetRequiredService<IStringLocalizer<AdminResource>>());
        }
        finally
        {
            (CultureInfo.CurrentUICulture, CultureInfo.CurrentCulture) = (ui, current);
        }
    }
}
