namespace OneWindow.Web.Resources;

// Markers for IStringLocalizer<T>: each names the .resx beside it (Russian is the neutral culture, .en.resx the English one).

/// <summary>The shared UI strings.</summary>
public sealed class SharedResource;

/// <summary>The UI strings of the directory, administration and account pages.</summary>
public sealed class AdminResource;

/// <summary>The ticketing UI strings.</summary>
public sealed class TicketResource;

/// <summary>The ticket list's filters, columns and export.</summary>
public sealed class TicketListResource;

/// <summary>The SLA/OLA clock strings.</summary>
public sealed class ClockResource;

/// <summary>The service-level UI strings.</summary>
public sealed class ServiceLevelResource;

/// <summary>The service-level report strings.</summary>
public sealed class ServiceLevelReportResource;

/// <summary>The mail template page's strings.</summary>
public sealed class MailTemplateResource;

/// <summary>The rating links' strings.</summary>
public sealed class RatingResource;

/// <summary>The complaint loop, reviews and feedback dashboard strings.</summary>
public sealed class FeedbackResource;

/// <summary>The loyalty programme strings.</summary>
public sealed class LoyaltyResource;

/// <summary>The survey answer page's strings.</summary>
public sealed class SurveyResource;

/// <summary>The survey campaigns', results' and portal pages' strings (the answer page has <see cref="SurveyResource"/>).</summary>
public sealed class SurveyAdminResource;

/// <summary>The survey action plans' strings.</summary>
public sealed class SurveyActionResource;

/// <summary>The interaction menu's strings: catalogue, company menu, delivery log and the printed report.</summary>
public sealed class InteractionResource;
/// <summary>The transition lifecycle's strings (stages, checklists, sign-offs).</summary>
public sealed class TransitionResource;

/// <summary>The OLA bottleneck report's strings.</summary>
public sealed class BottleneckResource;
/// <summary>The client 360 card's and the client home's strings.</summary>
public sealed class ClientOverviewResource;
/// <summary>Committee minutes' and action items' strings.</summary>
public sealed class MinutesResource;
/// <summary>The quality committees' strings (committees, members, meetings, cadence proposals).</summary>
public sealed class CommitteeResource;
/// <summary>The committee agenda pack's, planned-changes register's and committee issues' strings.</summary>
public sealed class PackResource;

/// <summary>The interaction matrix's strings (page, 360 card section, XLSX export).</summary>
public sealed class MatrixResource;
/// <summary>The codes' and regulations' strings (documents, review, acknowledgement).</summary>
public sealed class DocumentResource;
/// <summary>The customer journey maps' strings (list, map, editor, live figures, comments).</summary>
public sealed class JourneyMapResource;
