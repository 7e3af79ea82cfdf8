namespace OneWindow.Core.Tickets;

// Temporary stand-ins until the ticketing core lands; removed at merge.
public enum TicketStatus { New, Assigned, InProgress, WaitingForClient, Resolved, Closed, Reopened }
public enum TicketChannel { Portal, Email, Phone, WalkIn, Api }
public enum TicketPriority { Low, Normal, High, Critical }
public enum AssignmentStrategy { Manual, RoundRobin, LeastLoaded, Skills }
