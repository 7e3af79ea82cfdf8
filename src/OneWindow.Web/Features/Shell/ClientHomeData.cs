using OneWindow.Web.Features.Clients;
using OneWindow.Web.Features.ServiceLevels;
using OneWindow.Web.Features.Tickets;

namespace OneWindow.Web.Features.Shell;

/// <summary>What a client person's home shows: their open requests, those waiting for them, the company's OLA obligations, last month's results and the team.</summary>
public sealed record ClientHomeData(
    bool Executive,
    IReadOnlyList<TicketSummaryDto> Open,
    IReadOnlyList<TicketSummaryDto> Waiting,
    IReadOnlyList<OlaObligation> Obligations,
    CompanyOverviewDto? Company,
    ReportPeriod LastMonth)
{
    /// <summary>The person's own open committee action items, and how many of them are overdue.</summary>
    public (int Open, int Overdue) ActionItems { get; init; }
}
