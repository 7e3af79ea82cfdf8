namespace OneWindow.Core.Identity;

/// <summary>The roles of OneWindow. SSC roles work for the shared service center; client roles belong to one client company.</summary>
public static class Roles
{
    public const string Agent = "Agent";
    public const string TeamLead = "TeamLead";
    public const string ClientSuccessManager = "ClientSuccessManager";
    public const string DeliveryLead = "DeliveryLead";
    public const string QualityManager = "QualityManager";
    public const string Admin = "Admin";
    public const string ClientUser = "ClientUser";
    public const string ClientExecutive = "ClientExecutive";

    public static readonly IReadOnlyList<string> Ssc = [Agent, TeamLead, ClientSuccessManager, DeliveryLead, QualityManager, Admin];
    public static readonly IReadOnlyList<string> Client = [ClientUser, ClientExecutive];
    public static readonly IReadOnlyList<string> All = [.. Ssc, .. Client];

    /// <summary>SSC roles whose holders serve every client company (the single window and the quality function).</summary>
    public static readonly IReadOnlyList<string> SeeAllCompanies = [Agent, TeamLead, QualityManager, Admin];

    public static bool IsKnown(string role) => All.Contains(role, StringComparer.Ordinal);
    public static bool IsClientRole(string role) => Client.Contains(role, StringComparer.Ordinal);
}
