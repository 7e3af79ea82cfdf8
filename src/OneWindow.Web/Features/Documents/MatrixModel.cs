using OneWindow.Web.Features.Clients;

namespace OneWindow.Web.Features.Documents;

/// <summary>The activities of the interaction regulation's matrix. Values keep their numbers; new ones are appended.</summary>
public enum MatrixActivity
{
    Transfer = 0,
    DailyWork = 1,
    Escalations = 2,
    Committee = 3,
    Changes = 4,
}

public enum MatrixSide
{
    Ssc = 0,
    Client = 1,
}

/// <summary>Responsible, Accountable, Consulted, Informed.</summary>
public enum RaciLetter
{
    R = 0,
    A = 1,
    C = 2,
    I = 3,
}

/// <summary>
/// Whom a matrix row names: a person directly, or a role resolved on the day it is read — on the SSC side an
/// account-team role of the company (<see cref="AssignmentRole"/>) or the leads of the service department's teams; on
/// the client side a client role or a client department.
/// </summary>
public enum MatrixTarget
{
    Person = 0,
    AccountRole = 1,
    TeamLead = 2,
    ClientRole = 3,
    ClientDepartment = 4,
}

/// <summary>One cell entry of a company's interaction matrix for a service at a stage.</summary>
public sealed class InteractionMatrixRow : Entity, ICompanyOwned
{
    public Guid CompanyId { get; set; }
    public Guid ServiceId { get; set; }
    public ServiceStage Stage { get; set; }
    public MatrixActivity Activity { get; set; }
    public MatrixSide Side { get; set; }
    public RaciLetter Letter { get; set; }
    public MatrixTarget Target { get; set; }
    public Guid? PersonId { get; set; }
    public AssignmentRole? AccountRole { get; set; }
    /// <summary>ClientExecutive or ClientUser.</summary>
    public string? ClientRole { get; set; }
    /// <summary>Matches <see cref="People.AppUser.ClientDepartment"/> exactly.</summary>
    public string? ClientDepartment { get; set; }
    public string? Note { get; set; }
}

internal sealed class InteractionMatrixRowConfiguration : IEntityTypeConfiguration<InteractionMatrixRow>
{
    public void Configure(EntityTypeBuilder<InteractionMatrixRow> b)
    {
        b.ToTable("InteractionMatrixRows");
        b.Property(x => x.Stage).HasConversion<string>().HasMaxLength(16);
        b.Property(x => x.Activity).HasConversion<string>().HasMaxLength(16);
        b.Property(x => x.Side).HasConversion<string>().HasMaxLength(8);
        b.Property(x => x.Letter).HasConversion<string>().HasMaxLength(1);
        b.Property(x => x.Target).HasConversion<string>().HasMaxLength(16);
        b.Property(x => x.AccountRole).HasConversion<string>().HasMaxLength(32);
        b.Property(x => x.ClientRole).HasMaxLength(32);
        b.Property(x => x.ClientDepartment).HasMaxLength(MatrixDesk.DepartmentMax);
        b.Property(x => x.Note).HasMaxLength(MatrixDesk.NoteMax);
        b.HasOne<ClientCompany>().WithMany().HasForeignKey(x => x.CompanyId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<Catalogue.Service>().WithMany().HasForeignKey(x => x.ServiceId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<People.AppUser>().WithMany().HasForeignKey(x => x.PersonId).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(x => new { x.CompanyId, x.ServiceId, x.Stage });
    }
}
