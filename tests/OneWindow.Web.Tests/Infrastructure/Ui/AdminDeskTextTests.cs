using System.Globalization;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using OneWindow.Web.Features.Auth;
using OneWindow.Web.Features.Catalogue;
using OneWindow.Web.Features.Clients;
using OneWindow.Web.Features.Organisation;
using OneWindow.Web.Features.People;
using OneWindow.Web.Infrastructure.Desks;
using OneWindow.Web.Infrastructure.Time;
using OneWindow.Web.Resources;

namespace OneWindow.Web.Tests.Infrastructure.Ui;

/// <summary>The directory desks answer the API in English; the admin pages show every refusal a form can meet in Russian or English.</summary>
public class AdminDeskTextTests
{
    private static readonly ResourceManagerStringLocalizerFactory Factory =
        new(Options.Create(new LocalizationOptions { ResourcesPath = "" }), NullLoggerFactory.Instance);

    private static readonly IStringLocalizer<AdminResource> A = new StringLocalizer<AdminResource>(Factory);
    private static readonly IStringLocalizer<SharedResource> L = new StringLocalizer<SharedResource>(Factory);

    public static TheoryData<string, string> Refusals()
    {
        var data = new TheoryData<string, string>();
        void Add(string translator, params string[] sentences)
        {
            foreach (var s in sentences)
            {
                data.Add(translator, s);
            }
        }

        Add("clients", CompanyDesk.InnInvalid, CompanyDesk.NameTaken, CompanyDesk.NoHolding, CompanyDesk.NoCalendar, CompanyDesk.HoldingNameTaken,
            ClientServiceDesk.NoCompany, ClientServiceDesk.NoService, ClientServiceDesk.AlreadyReceived, ClientServiceDesk.LinkInUse, ClientServiceDesk.AlreadyAssigned,
            ClientServiceDesk.RoleMissing("DeliveryLead", AssignmentRole.DeliveryLead), TimeZones.Refusal("Mars/Olympus")!, "The Name field is required.");
        Add("organisation", OrganisationDesk.DepartmentNameTaken, OrganisationDesk.NoDepartment, OrganisationDesk.TeamNameTaken, OrganisationDesk.NoCalendar,
            DeskSteps.AnnotationErrors(new TeamInput(Guid.NewGuid(), "Группа", null, null, "not-an-email"))["email"][0]);
        Add("catalogue", CatalogueDesk.CodeTaken, CatalogueDesk.NoDepartment);
        Add("people", PeopleDesk.EmailTaken, PeopleDesk.NoCompany, PeopleDesk.NoDepartment, PeopleDesk.NoTeam, PeopleDesk.KeepOwnAdmin, PeopleDesk.KeepSelfActive,
            PeopleDesk.ClientRolesNeedCompany, PeopleDesk.SscRolesNeedNoCompany, TimeZones.Refusal("Mars/Olympus")!, new IdentityErrorDescriber().PasswordTooShort(10).Description,
            new IdentityErrorDescriber().DuplicateEmail("a@b.ru").Description, new IdentityErrorDescriber().ConcurrencyFailure().Description,
            DeskSteps.AnnotationErrors(new PersonInput("not-an-email", "Имя", null, null, null, null, null, []))["email"][0]);
        Add("security", SecurityDesk.UnknownScopes, SecurityDesk.AdminScopeOnly, SecurityDesk.WrongCode, "The Code field is required.",
            DeskSteps.AnnotationErrors(new CreateAccessTokenRequest("Токен", ["read"], 400))["expiresInDays"][0]);
        return data;
    }

    private static DeskTranslator Translator(string name) => name switch
    {
        "clients" => new ClientsDeskText(A),
        "organisation" => new OrganisationDeskText(A),
        "catalogue" => new CatalogueDeskText(A),
        "people" => new PeopleDeskText(A),
        _ => new SecurityDeskText(A, L),
    };

    [Theory]
    [MemberData(nameof(Refusals))]
    public void Every_refusal_a_directory_form_can_meet_reads_in_russian_and_in_english(string translator, string sentence)
    {
        foreach (var culture in new[] { "ru-RU", "en-US" })
        {
            var (ui, current) = (CultureInfo.CurrentUICulture, CultureInfo.CurrentCulture);
            CultureInfo.CurrentUICulture = CultureInfo.CurrentCulture = new CultureInfo(culture);
            try
            {
                var shown = Translator(translator).Translate(sentence);
                Assert.False(string.IsNullOrWhiteSpace(shown));
                if (culture == "ru-RU")
                {
                    Assert.NotEqual(sentence, shown);
                    Assert.Matches("[А-Яа-яЁё]", shown);
                }
            }
            finally
            {
                (CultureInfo.CurrentUICulture, CultureInfo.CurrentCulture) = (ui, current);
            }
        }
    }
}
