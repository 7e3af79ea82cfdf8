using System.Text.RegularExpressions;

namespace OneWindow.Web.Features.Documents;

/// <summary>The document desk's sentences in the UI language (the API keeps them in English).</summary>
public sealed partial class DocumentDeskText(IStringLocalizer localizer) : DeskTranslator(localizer, Known)
{
    public static readonly IReadOnlyDictionary<string, string> Known = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        [DocumentDesk.EditorsOnly] = "ErrEditorsOnly",
        [DocumentDesk.Frozen] = "ErrFrozen",
        ["The Russian title is required."] = "ErrTitleRu",
        ["The English title is required."] = "ErrTitleEn",
        ["Client roles are ClientUser and ClientExecutive."] = "ErrClientRoles",
        ["Choose at least one reviewer."] = "ErrNoReviewer",
        ["At most 100 reviewers."] = "ErrTooManyReviewers",
        ["Every reviewer must be an active person."] = "ErrReviewerInactive",
        ["Only people comment."] = "ErrOnlyPeople",
        ["Only the chosen reviewers and the SSC's editors comment on a version."] = "ErrNotReviewer",
        ["Comments are taken while a version is under review."] = "ErrNotInReview",
        ["The comment is empty."] = "ErrCommentEmpty",
        [$"At most {DocumentComment.MaxText} characters."] = "ErrCommentTooLong",
        ["An empty version cannot be published."] = "ErrEmptyVersion",
        ["This document is not addressed to you."] = "ErrNotAddressed",
        ["The document has no published version yet."] = "ErrNotPublished",
        [$"At most {DocumentVersion.MaxText} characters."] = "ErrTextTooLong",
    };

    // "Version 3 is still a draft or under review: change it instead." carries the version's number.
    public override string Translate(string message) =>
        OpenVersion().Match(message) is { Success: true } m ? string.Format(CultureInfo.CurrentCulture, Localizer["ErrOpenVersion"], m.Groups[1].Value) : base.Translate(message);

    [GeneratedRegex(@"^Version (\d+) is still a draft or under review: change it instead\.$")]
    private static partial Regex OpenVersion();
}
