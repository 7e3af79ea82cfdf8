namespace OneWindow.Web.Features.People;

public static class PeopleEndpoints
{
    public static RouteGroupBuilder MapPeopleEndpoints(this RouteGroupBuilder api) => api;
}
