namespace OneWindow.Web.Infrastructure;

/// <summary>
/// Marks a type as part of its feature's public surface — a query service, a desk, a mailer, a notice and the records
/// they take and return, a component other pages embed. Other features may use seam types and shared entities only;
/// the architecture tests refuse any other reference across feature folders (docs/architecture.md).
/// </summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Struct | AttributeTargets.Interface | AttributeTargets.Enum | AttributeTargets.Delegate, Inherited = false)]
public sealed class FeatureSeamAttribute : Attribute;
