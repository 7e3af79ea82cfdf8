using System.Numerics;

namespace OneWindow.Core.Surveys;

/// <summary>
/// An exact rational number. The CSI is a ratio of sums of means; computed in doubles, a value that is exactly on a
/// rounding midpoint (say 3.75) can come out as 3.7499999999999996 and round the wrong way, and two attributes with the
/// same mean (22/3) can compare unequal against their average. Survey sizes are small, so exact arithmetic costs nothing.
/// </summary>
internal readonly record struct Fraction
{
    private Fraction(BigInteger numerator, BigInteger denominator)
    {
        if (denominator.Sign < 0)
        {
            numerator = -numerator;
            denominator = -denominator;
        }

        var gcd = BigInteger.GreatestCommonDivisor(numerator, denominator);
        Numerator = gcd.IsOne || gcd.IsZero ? numerator : numerator / gcd;
        Denominator = gcd.IsOne || gcd.IsZero ? denominator : denominator / gcd;
    }

    public BigInteger Numerator { get; }

    /// <summary>Always positive.</summary>
    public BigInteger Denominator { get; }

    public static Fraction Zero { get; } = new(BigInteger.Zero, BigInteger.One);

    public static Fraction Of(BigInteger numerator, BigInteger denominator)
    {
        if (denominator.IsZero)
        {
            throw new DivideByZeroException();
        }

        return new Fraction(numerator, denominator);
    }

    public Fraction Plus(Fraction other) =>
        new((Numerator * other.Denominator) + (other.Numerator * Denominator), Denominator * other.Denominator);

    public Fraction Minus(Fraction other) => Plus(new Fraction(-other.Numerator, other.Denominator));

    public Fraction Times(Fraction other) => new(Numerator * other.Numerator, Denominator * other.Denominator);

    public Fraction DividedBy(Fraction other) => Of(Numerator * other.Denominator, Denominator * other.Numerator);

    public int CompareTo(Fraction other) => (Numerator * other.Denominator).CompareTo(other.Numerator * Denominator);

    /// <summary>The nearest double (both parts are shifted down first if they are too large for a double).</summary>
    public double ToDouble()
    {
        var numerator = Numerator;
        var denominator = Denominator;
        var excess = Math.Max(BigInteger.Abs(numerator).GetBitLength(), denominator.GetBitLength()) - 1000;
        if (excess > 0)
        {
            numerator >>= (int)excess;
            denominator >>= (int)excess;
            if (denominator.IsZero)
            {
                denominator = BigInteger.One;
            }
        }

        return (double)numerator / (double)denominator;
    }

    /// <summary>Rounded to one decimal, halves away from zero, exactly.</summary>
    public decimal RoundToTenths()
    {
        var tenths = BigInteger.Abs(Numerator * 10);

        // floor(x + 1/2) for x = tenths / denominator ≥ 0: halves go up in magnitude, i.e. away from zero.
        var rounded = ((2 * tenths) + Denominator) / (2 * Denominator);
        return (decimal)(Numerator.Sign < 0 ? -rounded : rounded) / 10m;
    }
}
