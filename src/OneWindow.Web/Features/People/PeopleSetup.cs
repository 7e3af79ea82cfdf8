namespace OneWindow.Web.Features.People;

public static class PeopleSetup
{
    public static IServiceCollection AddOneWindowPeople(this IServiceCollection services) => services.AddScoped<PeopleDesk>();
}
