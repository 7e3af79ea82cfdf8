namespace OneWindow.Web.Infrastructure;

/// <summary>Combines query predicates built in pieces into one that EF Core translates (no Invoke, one parameter).</summary>
public static class Predicates
{
    /// <summary><c>x =&gt; a(x) || b(x)</c>, with <paramref name="b"/>'s parameter replaced by <paramref name="a"/>'s.</summary>
    public static Expression<Func<T, bool>> Or<T>(this Expression<Func<T, bool>> a, Expression<Func<T, bool>> b) =>
        Expression.Lambda<Func<T, bool>>(Expression.OrElse(a.Body, new Rebind(b.Parameters[0], a.Parameters[0]).Visit(b.Body)), a.Parameters);

    private sealed class Rebind(ParameterExpression from, ParameterExpression to) : ExpressionVisitor
    {
        protected override Expression VisitParameter(ParameterExpression node) => node == from ? to : base.VisitParameter(node);
    }
}
