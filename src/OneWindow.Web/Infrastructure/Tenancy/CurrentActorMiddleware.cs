using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server.Circuits;

namespace OneWindow.Web.Infrastructure.Tenancy;

/// <summary>Establishes the <see cref="CurrentActor"/> of an HTTP request right after authentication.</summary>
public sealed class CurrentActorMiddleware(RequestDelegate next)
{
    public async Task InvokeAsync(HttpContext context, CurrentActor actor, AppDbContext db)
    {
        await actor.EstablishAsync(context.User, db, context.RequestAborted);
        await next(context);
    }
}

/// <summary>Establishes the <see cref="CurrentActor"/> of a Blazor circuit, whose DI scope outlives the first request.</summary>
public sealed class CurrentActorCircuitHandler(
    AuthenticationStateProvider authentication, CurrentActor actor, AppDbContext db) : CircuitHandler, IDisposable
{
    public override async Task OnCircuitOpenedAsync(Circuit circuit, CancellationToken cancellationToken)
    {
        authentication.AuthenticationStateChanged += OnAuthenticationChanged;
        var state = await authentication.GetAuthenticationStateAsync();
        await actor.EstablishAsync(state.User, db, cancellationToken);
    }

    private async void OnAuthenticationChanged(Task<AuthenticationState> task)
    {
        try
        {
            var state = await task;
            await actor.EstablishAsync(state.User, db);
        }
        catch (InvalidOperationException)
        {
            // The circuit is going away; nothing to update.
        }
    }

    public void Dispose() => authentication.AuthenticationStateChanged -= OnAuthenticationChanged;
}
