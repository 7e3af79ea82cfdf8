namespace OneWindow.Web.Data.Tenancy;

/// <summary>
/// A fresh DI scope acting as the same person. A Blazor circuit lives for as long as the page is open, so each
/// write runs in its own scope rather than on one long-lived DbContext.
/// </summary>
public static class ActorScope
{
    public static async Task<AsyncServiceScope> BeginActorScopeAsync(this IServiceProvider services, CurrentActor actor)
    {
        var scope = services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<CurrentActor>().EstablishAsync(actor.Principal, scope.ServiceProvider.GetRequiredService<AppDbContext>());
        return scope;
    }
}
