using OneWindow.Web.Features.Catalogue;
using OneWindow.Web.Features.Clients;
using OneWindow.Web.Features.Organisation;
using OneWindow.Web.Features.People;
using OneWindow.Web.Features.Tickets;

namespace OneWindow.Web.Features.Shell;

/// <summary>A demo login printed on the console and listed in the README.</summary>
public sealed record DemoLogin(string Email, string Role, string Who);

/// <summary>
/// A realistic small SSC: the client service desk and four process departments, a holding with five client
/// companies across four time zones, the services each receives, CSM and Delivery Lead assignments, and a person
/// for every role.
/// </summary>
public sealed class DemoData(AppDbContext db, UserManager<AppUser> users) : IDemoDataSeeder
{
    public const string Password = "OneWindow2026";

    public static readonly IReadOnlyList<DemoLogin> Logins =
    [
        new("admin@onewindow.demo", Roles.Admin, "Ирина Соколова — администратор"),
        new("agent@onewindow.demo", Roles.Agent, "Алексей Петров — специалист службы клиентского сервиса"),
        new("teamlead@onewindow.demo", Roles.TeamLead, "Марина Кузнецова — руководитель группы расчётов с поставщиками"),
        new("csm@onewindow.demo", Roles.ClientSuccessManager, "Ольга Волкова — CSM «Уральской горной компании» и «Сибирского агрохолдинга»"),
        new("dl@onewindow.demo", Roles.DeliveryLead, "Дмитрий Орлов — Delivery Lead казначейства для «Дальневосточной логистики»"),
        new("quality@onewindow.demo", Roles.QualityManager, "Елена Морозова — менеджер по качеству"),
        new("user@ural-mining.demo", Roles.ClientUser, "Сергей Иванов — бухгалтер «Уральской горной компании»"),
        new("cfo@ural-mining.demo", Roles.ClientExecutive, "Наталья Лебедева — финансовый директор «Уральской горной компании»"),
        new("user@sib-agro.demo", Roles.ClientUser, "Павел Смирнов — специалист «Сибирского агрохолдинга»"),
        new("cfo@dv-logistics.demo", Roles.ClientExecutive, "Андрей Ким — финансовый директор «Дальневосточной логистики»"),
    ];

    public int Order => 0;

    /// <summary>The directory: departments and teams, services, companies, calendars, people and request types.</summary>
    public async Task SeedAsync(CancellationToken ct)
    {
        var desk = Dept("Служба клиентского сервиса", "Client service desk", "CSD", serviceDesk: true, ("Первая линия", "First line"));
        var accounting = Dept("Бухгалтерия", "Accounting", "ACC", false, ("Расчёты с поставщиками", "Accounts payable"), ("Главная книга и отчётность", "General ledger and reporting"));
        var payroll = Dept("Расчёт заработной платы и кадровое администрирование", "Payroll and HR administration", "PAY", false, ("Расчёт зарплаты", "Payroll"), ("Кадровое администрирование", "HR administration"));
        var procurement = Dept("Закупки", "Procurement", "PRC", false, ("Операционные закупки", "Operational procurement"));
        var treasury = Dept("Казначейство", "Treasury", "TRS", false, ("Платежи", "Payments"), ("Управление ликвидностью", "Liquidity"));
        db.Departments.AddRange(desk, accounting, payroll, procurement, treasury);

        var ap = Svc("AP", "Расчёты с поставщиками", "Accounts payable", accounting);
        var gl = Svc("GL", "Ведение учёта и закрытие периода", "Bookkeeping and period close", accounting);
        var rep = Svc("REP", "Управленческая и регламентированная отчётность", "Management and statutory reporting", accounting);
        var pay = Svc("PAY", "Расчёт заработной платы", "Payroll", payroll);
        var hr = Svc("HR", "Кадровое администрирование", "HR administration", payroll);
        var prc = Svc("PRC", "Операционные закупки", "Operational procurement", procurement);
        var trs = Svc("TRS", "Казначейские платежи", "Treasury payments", treasury);
        db.Services.AddRange(ap, gl, rep, pay, hr, prc, trs);

        var holding = new Holding { Name = "Промышленная группа «Меридиан»", NameEn = "Meridian Industrial Group" };
        db.Holdings.Add(holding);
        var ural = Co("ООО «Уральская горная компания»", "УГК", "Ural Mining Company", "6658000001", "Asia/Yekaterinburg", "ural-mining.demo", holding);
        var sib = Co("АО «Сибирский агрохолдинг»", "СибАгро", "Siberian Agroholding", "5406000002", "Asia/Novosibirsk", "sib-agro.demo", holding);
        var dv = Co("ООО «Дальневосточная логистика»", "ДВЛ", "Far East Logistics", "2540000003", "Asia/Vladivostok", "dv-logistics.demo", holding);
        var volga = Co("ПАО «Волжская энергосбытовая компания»", "ВЭСК", "Volga Energy Retail", "6315000004", "Europe/Moscow", "volga-energo.demo", holding);
        var nord = Co("АО «Северная верфь»", "Северная верфь", "Northern Shipyard", "7805000005", "Europe/Moscow", "nord-shipyard.demo", null);
        db.Companies.AddRange(ural, sib, dv, volga, nord);

        // The SSC works Moscow hours on the production calendar; round-the-clock support is there for agreements that want it.
        db.Calendars.Add(new Calendars.ServiceCalendar
        {
            Name = "Пятидневка по производственному календарю РФ (Москва)",
            NameEn = "Russian five-day week, production calendar (Moscow)",
            TimeZoneId = "Europe/Moscow",
            WeeklyHours = "Mon-Fri 09:00-13:00,14:00-18:00",
            UsesProductionCalendar = true,
            IsDefault = true,
        });
        db.Calendars.Add(new Calendars.ServiceCalendar { Name = "Круглосуточно (24/7)", NameEn = "Round the clock (24/7)", TimeZoneId = "Europe/Moscow", WeeklyHours = "Mon-Sun 00:00-24:00" });

        var start = new DateOnly(2024, 1, 1);
        void Receives(ClientCompany c, ServiceStage stage, params Service[] services)
        {
            foreach (var s in services)
            {
                db.ClientServices.Add(new ClientService { CompanyId = c.Id, ServiceId = s.Id, StartsOn = start, Stage = stage });
            }
        }

        Receives(ural, ServiceStage.Stable, ap, gl, rep, pay, hr, trs);
        Receives(sib, ServiceStage.Stable, ap, gl, pay, prc);
        Receives(dv, ServiceStage.Stable, ap, gl, rep);
        Receives(dv, ServiceStage.Transition, trs);
        Receives(volga, ServiceStage.Stable, ap, pay, hr, prc);
        Receives(nord, ServiceStage.Stabilisation, gl, rep, pay);
        await db.SaveChangesAsync(ct);

        var admin = await Person("admin@onewindow.demo", "Ирина Соколова", null, desk, null, "Администратор системы", Roles.Admin);
        var agent = await Person("agent@onewindow.demo", "Алексей Петров", null, desk, desk.Teams[0], "Специалист службы клиентского сервиса", Roles.Agent);
        var lead = await Person("teamlead@onewindow.demo", "Марина Кузнецова", null, accounting, accounting.Teams[0], "Руководитель группы", Roles.TeamLead);
        var csm = await Person("csm@onewindow.demo", "Ольга Волкова", null, desk, null, "Менеджер по работе с клиентами", Roles.ClientSuccessManager);
        var csm2 = await Person("csm2@onewindow.demo", "Игорь Федоров", null, desk, null, "Менеджер по работе с клиентами", Roles.ClientSuccessManager);
        var dl = await Person("dl@onewindow.demo", "Дмитрий Орлов", null, treasury, treasury.Teams[0], "Руководитель внедрения процесса", Roles.DeliveryLead);
        await Person("quality@onewindow.demo", "Елена Морозова", null, null, null, "Менеджер по качеству", Roles.QualityManager);
        await Person("agent2@onewindow.demo", "Виктория Новикова", null, payroll, payroll.Teams[0], "Специалист по расчёту зарплаты", Roles.Agent);
        await Person("ap1@onewindow.demo", "Григорий Соловьёв", null, accounting, accounting.Teams[0], "Бухгалтер по расчётам с поставщиками", Roles.Agent);
        await Person("ap2@onewindow.demo", "Людмила Васильева", null, accounting, accounting.Teams[0], "Бухгалтер по расчётам с поставщиками", Roles.Agent);
        await Person("trs1@onewindow.demo", "Кирилл Матвеев", null, treasury, treasury.Teams[0], "Казначей", Roles.Agent);
        await Person("user@ural-mining.demo", "Сергей Иванов", ural, null, null, "Бухгалтер", Roles.ClientUser, "Бухгалтерия");
        await Person("cfo@ural-mining.demo", "Наталья Лебедева", ural, null, null, "Финансовый директор", Roles.ClientExecutive, "Финансовая дирекция");
        await Person("user@sib-agro.demo", "Павел Смирнов", sib, null, null, "Специалист по закупкам", Roles.ClientUser, "Отдел закупок");
        await Person("cfo@sib-agro.demo", "Татьяна Егорова", sib, null, null, "Финансовый директор", Roles.ClientExecutive, "Финансовая дирекция");
        await Person("user@dv-logistics.demo", "Юлия Пак", dv, null, null, "Казначей", Roles.ClientUser, "Казначейство");
        await Person("cfo@dv-logistics.demo", "Андрей Ким", dv, null, null, "Финансовый директор", Roles.ClientExecutive, "Финансовая дирекция");
        await Person("user@volga-energo.demo", "Роман Зайцев", volga, null, null, "Бухгалтер", Roles.ClientUser, "Бухгалтерия");
        await Person("user@nord-shipyard.demo", "Анна Белова", nord, null, null, "Экономист", Roles.ClientUser, "Планово-экономический отдел");

        accounting.HeadId = lead.Id;
        accounting.Teams[0].LeadId = lead.Id;
        desk.HeadId = admin.Id;
        desk.Teams[0].LeadId = agent.Id;

        void Assign(ClientCompany c, AppUser u, AssignmentRole role, Service? s = null) =>
            db.ClientAssignments.Add(new ClientAssignment { CompanyId = c.Id, UserId = u.Id, Role = role, ServiceId = s?.Id, StartsOn = start });

        Assign(ural, csm, AssignmentRole.ClientSuccessManager);
        Assign(sib, csm, AssignmentRole.ClientSuccessManager);
        Assign(dv, csm2, AssignmentRole.ClientSuccessManager);
        Assign(volga, csm2, AssignmentRole.ClientSuccessManager);
        Assign(nord, csm2, AssignmentRole.ClientSuccessManager);
        Assign(dv, dl, AssignmentRole.DeliveryLead, trs);
        Assign(nord, dl, AssignmentRole.DeliveryLead, gl);
        Assign(ural, lead, AssignmentRole.ServiceManager, ap);

        // Accounts payable shares tickets round-robin; treasury gives them to the least loaded.
        accounting.Teams[0].AssignmentStrategy = AssignmentStrategy.RoundRobin;
        treasury.Teams[0].AssignmentStrategy = AssignmentStrategy.LeastLoaded;

        var currencies = "RUB\nUSD\nEUR\nCNY";
        Request(ap, "PAY-INV", "Оплата счёта поставщика", "Supplier invoice payment", TicketPriority.Normal, accounting.Teams[0],
            ("supplier", "Поставщик", "Supplier", FieldKind.Text, true, null), ("invoiceNumber", "Номер счёта", "Invoice number", FieldKind.Text, true, null),
            ("amount", "Сумма", "Amount", FieldKind.Number, true, null), ("currency", "Валюта", "Currency", FieldKind.Choice, true, currencies),
            ("dueDate", "Оплатить до", "Pay by", FieldKind.Date, false, null), ("invoice", "Скан счёта", "Invoice scan", FieldKind.File, false, null));
        Request(ap, "RECON", "Акт сверки с контрагентом", "Reconciliation statement", TicketPriority.Low, accounting.Teams[0],
            ("counterparty", "Контрагент", "Counterparty", FieldKind.Text, true, null), ("periodEnd", "На дату", "As of", FieldKind.Date, true, null));
        Request(gl, "CLOSE-Q", "Вопрос по закрытию периода", "Period close question", TicketPriority.Normal, accounting.Teams[1]);
        Request(rep, "REPORT", "Запрос отчёта", "Report request", TicketPriority.Normal, accounting.Teams[1],
            ("report", "Отчёт", "Report", FieldKind.Choice, true, "Управленческая отчётность\nНалоговая декларация\nОтчёт для банка"),
            ("period", "Период", "Period", FieldKind.Text, true, null));
        Request(pay, "NDFL", "Справка о доходах (2-НДФЛ)", "Income certificate", TicketPriority.Normal, payroll.Teams[0],
            ("employee", "Сотрудник", "Employee", FieldKind.Text, true, null), ("year", "Год", "Year", FieldKind.Number, true, null));
        Request(pay, "VACATION", "Расчёт отпускных", "Vacation pay calculation", TicketPriority.High, payroll.Teams[0],
            ("employee", "Сотрудник", "Employee", FieldKind.Text, true, null), ("startDate", "Начало отпуска", "Vacation start", FieldKind.Date, true, null));
        Request(hr, "HIRE", "Оформление приёма сотрудника", "New hire paperwork", TicketPriority.Normal, payroll.Teams[1],
            ("employee", "ФИО сотрудника", "Employee name", FieldKind.Text, true, null), ("startDate", "Дата выхода", "Start date", FieldKind.Date, true, null));
        Request(prc, "PURCHASE", "Заявка на закупку", "Purchase request", TicketPriority.Normal, procurement.Teams[0],
            ("item", "Что закупить", "Item", FieldKind.Text, true, null), ("budget", "Бюджет", "Budget", FieldKind.Number, false, null));
        Request(trs, "URGENT-PAY", "Срочный платёж", "Urgent payment", TicketPriority.High, treasury.Teams[0],
            ("beneficiary", "Получатель", "Beneficiary", FieldKind.Text, true, null), ("amount", "Сумма", "Amount", FieldKind.Number, true, null),
            ("currency", "Валюта", "Currency", FieldKind.Choice, true, currencies));
        await db.SaveChangesAsync(ct);
    }

    private void Request(Service service, string code, string name, string nameEn, TicketPriority priority, Team team,
        params (string Key, string Label, string LabelEn, FieldKind Kind, bool Required, string? Options)[] fields)
    {
        db.RequestTypes.Add(new RequestType
        {
            ServiceId = service.Id,
            Code = code,
            Name = name,
            NameEn = nameEn,
            DefaultPriority = priority,
            TeamId = team.Id,
            Fields = [.. fields.Select((f, i) => new RequestTypeField { Key = f.Key, Label = f.Label, LabelEn = f.LabelEn, Kind = f.Kind, Required = f.Required, Options = f.Options, Order = i })],
        });
    }

    private static Department Dept(string name, string nameEn, string code, bool serviceDesk, params (string Name, string NameEn)[] teams) => new()
    {
        Name = name,
        NameEn = nameEn,
        Code = code,
        IsServiceDesk = serviceDesk,
        Teams = [.. teams.Select(t => new Team { Name = t.Name, NameEn = t.NameEn })],
    };

    private static Service Svc(string code, string name, string nameEn, Department owner) =>
        new() { Code = code, Name = name, NameEn = nameEn, DepartmentId = owner.Id };

    private static ClientCompany Co(string name, string shortName, string nameEn, string inn, string tz, string domain, Holding? holding) => new()
    {
        Name = name,
        ShortName = shortName,
        NameEn = nameEn,
        Inn = inn,
        TimeZoneId = tz,
        EmailDomains = domain,
        HoldingId = holding?.Id,
    };

    private async Task<AppUser> Person(string email, string name, ClientCompany? company, Department? dept, Team? team, string title, string role, string? clientDepartment = null)
    {
        var user = new AppUser
        {
            UserName = email,
            Email = email,
            EmailConfirmed = true,
            FullName = name,
            CompanyId = company?.Id,
            DepartmentId = dept?.Id,
            TeamId = team?.Id,
            JobTitle = title,
            ClientDepartment = clientDepartment,
            TimeZoneId = company?.TimeZoneId ?? "Europe/Moscow",
        };
        var result = await users.CreateAsync(user, Password);
        if (!result.Succeeded)
        {
            throw new InvalidOperationException($"Demo person {email}: {string.Join("; ", result.Errors.Select(e => e.Description))}");
        }

        await users.AddToRoleAsync(user, role);
        // The mark by which a production start-up recognises a demo login even after its address was changed.
        await users.AddClaimAsync(user, new Claim(DemoAccounts.ClaimType, "seeded"));
        return user;
    }
}

public static class DemoDataSetup
{
    public static IServiceCollection AddOneWindowDemoData(this IServiceCollection services) => services.AddScoped<IDemoDataSeeder, DemoData>();

    public static void PrintWelcome(this WebApplication app)
    {
        var addresses = app.Urls.Count > 0 ? string.Join(", ", app.Urls) : "(see the 'Now listening on' line)";
        var seeded = app.Services.GetRequiredService<DatabaseOptions>().ShouldSeedDemoData;
        var text = new System.Text.StringBuilder();
        text.AppendLine();
        text.AppendLine("OneWindow is running at " + addresses);
        if (seeded)
        {
            text.AppendLine($"Demo logins (password for all: {DemoData.Password}):");
            foreach (var login in DemoData.Logins)
            {
                text.AppendLine($"  {login.Email,-26} {login.Role,-21} {login.Who}");
            }
        }

        Console.WriteLine(text.ToString());
    }
}
