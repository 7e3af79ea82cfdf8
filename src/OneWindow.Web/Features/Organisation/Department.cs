namespace OneWindow.Web.Features.Organisation;

/// <summary>A department of the SSC (accounting, payroll and HR, procurement, treasury, the client service desk…).</summary>
public sealed class Department : Entity
{
    public required string Name { get; set; }
    public string? NameEn { get; set; }
    public string? Code { get; set; }
    public string? Description { get; set; }
    public Guid? HeadId { get; set; }
    /// <summary>The client service desk: the first line of the single window.</summary>
    public bool IsServiceDesk { get; set; }
    public bool IsActive { get; set; } = true;
    public List<Team> Teams { get; set; } = [];
}

/// <summary>A team inside a department; tickets are routed to teams.</summary>
public sealed class Team : Entity
{
    public Guid DepartmentId { get; set; }
    public Department? Department { get; set; }
    public required string Name { get; set; }
    public string? NameEn { get; set; }
    public Guid? LeadId { get; set; }
    public string? Email { get; set; }
    public bool IsActive { get; set; } = true;
    /// <summary>How new tickets routed to the team find an assignee.</summary>
    public OneWindow.Core.Tickets.AssignmentStrategy AssignmentStrategy { get; set; } = OneWindow.Core.Tickets.AssignmentStrategy.Manual;
    /// <summary>The team's working calendar: used for a ticket's clocks when neither agreement nor company names one.</summary>
    public Guid? CalendarId { get; set; }
}
