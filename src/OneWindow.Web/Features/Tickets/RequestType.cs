namespace OneWindow.Web.Features.Tickets;

/// <summary>A kind of request within a service (e.g. "Payment to a supplier" in Treasury payments), with its own form.</summary>
public sealed class RequestType : Entity
{
    public Guid ServiceId { get; set; }
    public Catalogue.Service? Service { get; set; }
    public required string Code { get; set; }
    public required string Name { get; set; }
    public string? NameEn { get; set; }
    public string? Description { get; set; }
    public TicketPriority DefaultPriority { get; set; } = TicketPriority.Normal;
    /// <summary>The team that handles this request type unless a routing rule says otherwise.</summary>
    public Guid? TeamId { get; set; }
    public Organisation.Team? Team { get; set; }
    public bool IsActive { get; set; } = true;
    public List<RequestTypeField> Fields { get; set; } = [];
}

public enum FieldKind
{
    Text = 0,
    Number = 1,
    Date = 2,
    Choice = 3,
    File = 4,
}

/// <summary>A custom field of a request type's form.</summary>
public sealed class RequestTypeField : Entity
{
    public Guid RequestTypeId { get; set; }
    /// <summary>Stable key used in the API and stored values (e.g. "invoiceNumber").</summary>
    public required string Key { get; set; }
    public required string Label { get; set; }
    public string? LabelEn { get; set; }
    public FieldKind Kind { get; set; }
    public bool Required { get; set; }
    /// <summary>Choices of a Choice field, one per line.</summary>
    public string? Options { get; set; }
    public int Order { get; set; }
}
