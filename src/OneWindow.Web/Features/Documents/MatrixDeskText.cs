namespace OneWindow.Web.Features.Documents;

/// <summary>The interaction matrix desk's sentences in the UI language (the API keeps them in English).</summary>
public sealed class MatrixDeskText(IStringLocalizer localizer) : DeskTranslator(localizer, Known)
{
    public static readonly IReadOnlyDictionary<string, string> Known = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        [MatrixDesk.NotManager] = "ErrNotManager",
        [MatrixDesk.Stale] = "ErrStale",
        ["The company is required."] = "ErrCompany",
        ["The service is required."] = "ErrService",
        ["The company does not receive this service."] = "ErrNotReceived",
        ["The stage must be Transition, Stabilisation or Stable."] = "ErrStage",
        ["The activity is required."] = "ErrActivity",
        ["The side is required."] = "ErrSide",
        ["The letter must be one of R, A, C, I."] = "ErrLetter",
        [$"The note is at most {MatrixDesk.NoteMax} characters."] = "ErrNote",
        ["The person is required."] = "ErrPerson",
        ["The person must be of the SSC."] = "ErrPersonSsc",
        ["The person must be of the company."] = "ErrPersonCompany",
        ["Account-team roles and team leads are on the SSC side."] = "ErrSscTargets",
        ["The account-team role is required."] = "ErrAccountRole",
        ["Client roles and departments are on the client side."] = "ErrClientTargets",
        ["The client role must be ClientExecutive or ClientUser."] = "ErrClientRole",
        [$"The client department is required, at most {MatrixDesk.DepartmentMax} characters."] = "ErrDepartment",
        ["The target is required."] = "ErrTarget",
        ["The cell already names this."] = "ErrDuplicate",
    };
}
