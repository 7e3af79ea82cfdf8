namespace OneWindow.Web.Features.Clients;

public static class ClientServiceEndpoints
{
    public static RouteGroupBuilder MapClientServiceEndpoints(this RouteGroupBuilder api) => api;
}
