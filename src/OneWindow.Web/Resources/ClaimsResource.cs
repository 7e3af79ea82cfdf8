namespace OneWindow.Web.Resources;

/// <summary>The strings of claims to the business (the SSC's claims to a client company, answered by its executives).</summary>
public sealed class ClaimsResource;
