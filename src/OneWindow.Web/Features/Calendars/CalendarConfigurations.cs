using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace OneWindow.Web.Features.Calendars;

internal sealed class ServiceCalendarConfiguration : IEntityTypeConfiguration<ServiceCalendar>
{
    public void Configure(EntityTypeBuilder<ServiceCalendar> b)
    {
        b.Property(x => x.Name).HasMaxLength(200);
        b.Property(x => x.NameEn).HasMaxLength(200);
        b.Property(x => x.TimeZoneId).HasMaxLength(64);
        b.Property(x => x.WeeklyHours).HasMaxLength(500);
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
