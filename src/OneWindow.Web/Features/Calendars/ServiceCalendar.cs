namespace OneWindow.Web.Features.Calendars;

/// <summary>
/// A business calendar as the admin keeps it: weekly hours in an IANA zone, optionally following the Russian production
/// calendar, plus dated exceptions. Compiled into OneWindow.Core's <see cref="BusinessCalendar"/> for clock arithmetic.
/// Assigned to an agreement version, a client company or a team; the one marked default serves everything else.
/// </summary>
public sealed class ServiceCalendar : Entity
{
    public required string Name { get; set; }
    public string? NameEn { get; set; }
    /// <summary>IANA zone, e.g. Europe/Moscow.</summary>
    public required string TimeZoneId { get; set; }
    /// <summary>Weekly hours in <see cref="WeeklySchedule"/>'s text form, e.g. "Mon-Fri 09:00-13:00,14:00-18:00".</summary>
    public required string WeeklyHours { get; set; }
    /// <summary>Working days, working weekends and shortened days follow the built-in Russian production calendar.</summary>
    public bool UsesProductionCalendar { get; set; }
    /// <summary>How much shorter a pre-holiday day is (60 minutes under art. 95 of the Labour Code).</summary>
    public int ShortDayMinutes { get; set; } = 60;
    /// <summary>The calendar used when neither the agreement, the company nor the team names one. Exactly one.</summary>
    public bool IsDefault { get; set; }
    public bool IsActive { get; set; } = true;
    public List<ServiceCalendarDay> Days { get; set; } = [];

    /// <summary>The pure calendar the engine computes with.</summary>
    public BusinessCalendar Compile() =>
        new(TimeZoneId, WeeklySchedule.Parse(WeeklyHours), Days.Select(d => new CalendarException(d.Date, d.Kind, d.Name)),
            UsesProductionCalendar ? Core.Calendars.ProductionCalendar.Russia : null, ShortDayMinutes);
}

/// <summary>A dated exception of a calendar: a holiday, a working day or a shortened day.</summary>
public sealed class ServiceCalendarDay
{
    public long Id { get; set; }
    public Guid CalendarId { get; set; }
    public DateOnly Date { get; set; }
    public CalendarDayKind Kind { get; set; }
    public string? Name { get; set; }
}

internal sealed class ServiceCalendarConfiguration : IEntityTypeConfiguration<ServiceCalendar>
{
    public void Configure(EntityTypeBuilder<ServiceCalendar> b)
    {
        b.MaxLength(200, x => x.Name, x => x.NameEn);
        b.MaxLength(64, x => x.TimeZoneId);
        b.MaxLength(500, x => x.WeeklyHours);
        b.HasIndex(x => x.Name).IsUnique();
        // At most one default, even when two admins make different calendars the default at the same moment.
        b.HasIndex(x => x.IsDefault).IsUnique().HasFilter("\"IsDefault\"").HasDatabaseName("IX_Calendars_OneDefault");
        b.HasMany(x => x.Days).WithOne().HasForeignKey(d => d.CalendarId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class ServiceCalendarDayConfiguration : IEntityTypeConfiguration<ServiceCalendarDay>
{
    public void Configure(EntityTypeBuilder<ServiceCalendarDay> b)
    {
        b.Property(x => x.Name).HasMaxLength(200);
        b.Property(x => x.Kind).HasConversion<string>().HasMaxLength(16);
        b.HasIndex(x => new { x.CalendarId, x.Date }).IsUnique();
    }
}
