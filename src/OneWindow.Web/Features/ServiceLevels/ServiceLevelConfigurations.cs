namespace OneWindow.Web.Features.ServiceLevels;

internal sealed class AgreementConfiguration : IEntityTypeConfiguration<Agreement>
{
    public void Configure(EntityTypeBuilder<Agreement> b)
    {
        b.MaxLength(300, x => x.Name);
        b.MaxLength(100, x => x.Reference);
        b.HasOne(x => x.Company).WithMany().HasForeignKey(x => x.CompanyId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne(x => x.Service).WithMany().HasForeignKey(x => x.ServiceId).OnDelete(DeleteBehavior.Restrict);
        b.HasMany(x => x.Versions).WithOne(v => v.Agreement).HasForeignKey(v => v.AgreementId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(x => new { x.CompanyId, x.ServiceId });
    }
}

internal sealed class AgreementVersionConfiguration : IEntityTypeConfiguration<AgreementVersion>
{
    public void Configure(EntityTypeBuilder<AgreementVersion> b)
    {
        b.Property(x => x.Status).HasConversion<string>().HasMaxLength(24);
        b.MaxLength(4000, x => x.Escalations, x => x.Notes);
        b.MaxLength(200, x => x.ApprovedByName);
        b.MaxLength(2000, x => x.RejectionReason);
        b.HasOne(x => x.Calendar).WithMany().HasForeignKey(x => x.CalendarId).OnDelete(DeleteBehavior.Restrict);
        b.HasMany(x => x.Metrics).WithOne(m => m.AgreementVersion).HasForeignKey(m => m.VersionId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(x => new { x.AgreementId, x.Number }).IsUnique();
        b.HasIndex(x => new { x.CompanyId, x.Status });
    }
}

internal sealed class AgreementMetricConfiguration : IEntityTypeConfiguration<AgreementMetric>
{
    public void Configure(EntityTypeBuilder<AgreementMetric> b)
    {
        b.MaxLength(300, x => x.Name);
        b.MaxLength(2000, x => x.Description);
        b.Property(x => x.Side).HasConversion<string>().HasMaxLength(8);
        b.Property(x => x.Kind).HasConversion<string>().HasMaxLength(24);
        b.Property(x => x.Timer).HasConversion<string>().HasMaxLength(24);
        b.Property(x => x.Priority).HasConversion<string>().HasMaxLength(16);
        b.Property(x => x.Period).HasConversion<string>().HasMaxLength(16);
        b.Property(x => x.RatioDirection).HasConversion<string>().HasMaxLength(16);
        b.Property(x => x.AttainmentTarget).HasPrecision(7, 3);
        b.Property(x => x.RatioTarget).HasPrecision(9, 4);
        b.HasOne(x => x.ClientResponsible).WithMany().HasForeignKey(x => x.ClientResponsibleId).OnDelete(DeleteBehavior.SetNull);
    }
}

internal sealed class TicketClockConfiguration : IEntityTypeConfiguration<TicketClock>
{
    public void Configure(EntityTypeBuilder<TicketClock> b)
    {
        b.Property(x => x.Side).HasConversion<string>().HasMaxLength(8);
        b.Property(x => x.Timer).HasConversion<string>().HasMaxLength(24);
        b.Property(x => x.Priority).HasConversion<string>().HasMaxLength(16);
        b.Property(x => x.State).HasConversion<string>().HasMaxLength(24);
        b.HasOne(x => x.Ticket).WithMany().HasForeignKey(x => x.TicketId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne(x => x.Metric).WithMany().HasForeignKey(x => x.MetricId).OnDelete(DeleteBehavior.Restrict);
        b.HasMany(x => x.Events).WithOne().HasForeignKey(e => e.ClockId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(x => new { x.TicketId, x.MetricId, x.Episode }).IsUnique();
        b.HasIndex(x => x.NextAlertAt);
        b.HasIndex(x => new { x.CompanyId, x.MetricId, x.StartedAt });
        // The reports count breaches where they happened and met clocks where they stopped. State rides along so the
        // counts are index-only: fetching each clock's row to test it made a client's year 10–100 times slower.
        b.HasIndex(x => new { x.CompanyId, x.MetricId, x.BreachedAt, x.State });
        b.HasIndex(x => new { x.CompanyId, x.MetricId, x.StoppedAt, x.State });
    }
}

internal sealed class TicketClockEventConfiguration : IEntityTypeConfiguration<TicketClockEvent>
{
    public void Configure(EntityTypeBuilder<TicketClockEvent> b)
    {
        b.Property(x => x.Kind).HasConversion<string>().HasMaxLength(16);
        b.HasIndex(x => new { x.ClockId, x.At });
    }
}

internal sealed class ClockAlertConfiguration : IEntityTypeConfiguration<ClockAlert>
{
    public void Configure(EntityTypeBuilder<ClockAlert> b)
    {
        b.Property(x => x.SentBy).HasMaxLength(200);
        b.HasOne<TicketClock>().WithMany().HasForeignKey(x => x.ClockId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(x => new { x.ClockId, x.Percent }).IsUnique();
    }
}

/// <summary>What both kinds of measurement map alike: one per metric and period, gone with the metric.</summary>
internal static class PeriodMeasurementConfiguration
{
    public static void Configure<T>(EntityTypeBuilder<T> b)
        where T : PeriodMeasurement
    {
        b.MaxLength(2000, x => x.Note);
        b.MaxLength(200, x => x.RecordedByName);
        b.Property(x => x.Source).HasConversion<string>().HasMaxLength(16);
        b.HasOne(x => x.Metric).WithMany().HasForeignKey(x => x.MetricId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(x => new { x.MetricId, x.PeriodStart }).IsUnique();
    }
}

internal sealed class DeadlineDeliveryConfiguration : IEntityTypeConfiguration<DeadlineDelivery>
{
    public void Configure(EntityTypeBuilder<DeadlineDelivery> b) => PeriodMeasurementConfiguration.Configure(b);
}

internal sealed class RatioFigureConfiguration : IEntityTypeConfiguration<RatioFigure>
{
    public void Configure(EntityTypeBuilder<RatioFigure> b)
    {
        b.Property(x => x.Value).HasPrecision(9, 4);
        PeriodMeasurementConfiguration.Configure(b);
    }
}
