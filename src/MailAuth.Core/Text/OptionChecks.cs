namespace MailAuth.Text;

/// <summary>
/// The checks every options class runs once, in its internal <c>Freeze</c>, when an engine is built (docs/options.md):
/// a bad value throws <see cref="ArgumentException"/> (<see cref="ArgumentOutOfRangeException"/> for ranges) whose
/// <see cref="ArgumentException.ParamName"/> is the option's name, with the path of the enclosing options when nested
/// (e.g. <c>Dkim.MaxSignatures</c>).
/// </summary>
internal static class OptionChecks
{
    /// <summary>The name of an option inside the options at <paramref name="path"/> (<see langword="null"/> at the top).</summary>
    /// <param name="path">The path of the enclosing options, e.g. <c>Spf</c>.</param>
    /// <param name="name">The option's name.</param>
    /// <returns><c>path.name</c>, or <paramref name="name"/>.</returns>
    public static string Name(string? path, string name) => path is null ? name : path + "." + name;

    /// <summary>Checks <paramref name="min"/> ≤ <paramref name="value"/> ≤ <paramref name="max"/>.</summary>
    /// <typeparam name="T">An ordered value type (int, long, TimeSpan).</typeparam>
    /// <param name="value">The value.</param>
    /// <param name="min">The smallest value allowed.</param>
    /// <param name="max">The largest value allowed.</param>
    /// <param name="name">The option's name, with its path.</param>
    /// <returns><paramref name="value"/>.</returns>
    public static T InRange<T>(T value, T min, T max, string name)
        where T : struct, IComparable<T>
    {
        if (value.CompareTo(min) < 0 || value.CompareTo(max) > 0)
        {
            throw new ArgumentOutOfRangeException(name, value, $"{name} must be between {min} and {max}.");
        }

        return value;
    }

    /// <summary>Checks <paramref name="value"/> ≥ <paramref name="min"/>.</summary>
    /// <typeparam name="T">An ordered value type.</typeparam>
    /// <param name="value">The value.</param>
    /// <param name="min">The smallest value allowed.</param>
    /// <param name="name">The option's name, with its path.</param>
    /// <returns><paramref name="value"/>.</returns>
    public static T AtLeast<T>(T value, T min, string name)
        where T : struct, IComparable<T>
    {
        if (value.CompareTo(min) < 0)
        {
            throw new ArgumentOutOfRangeException(name, value, $"{name} must be at least {min}.");
        }

        return value;
    }

    /// <summary>Checks a time budget: positive and at most about 49 days (a timer's range), or infinite.</summary>
    /// <param name="value">The budget.</param>
    /// <param name="name">The option's name, with its path.</param>
    /// <returns><paramref name="value"/>.</returns>
    public static TimeSpan Budget(TimeSpan value, string name) => TimeArithmetic.CheckBudget(value, name);

    /// <summary>Checks that a required option is set.</summary>
    /// <typeparam name="T">The option's type.</typeparam>
    /// <param name="value">The value.</param>
    /// <param name="name">The option's name, with its path.</param>
    /// <returns><paramref name="value"/>.</returns>
    public static T NotNull<T>(T? value, string name)
        where T : class
        => value ?? throw new ArgumentNullException(name, $"{name} must not be null.");

    /// <summary>Checks that a defined enum member is set.</summary>
    /// <typeparam name="T">The enum.</typeparam>
    /// <param name="value">The value.</param>
    /// <param name="name">The option's name, with its path.</param>
    /// <returns><paramref name="value"/>.</returns>
    public static T Defined<T>(T value, string name)
        where T : struct, Enum
        => Enum.IsDefined(value) ? value : throw new ArgumentOutOfRangeException(name, value, $"{name} is not a known value.");

    /// <summary>A private copy of a list option, so that later changes to the caller's list do not reach the engine.</summary>
    /// <typeparam name="T">The element type.</typeparam>
    /// <param name="list">The list.</param>
    /// <param name="name">The option's name, with its path.</param>
    /// <returns>An array copy.</returns>
    public static T[] Copy<T>(IEnumerable<T>? list, string name)
    {
        T[] copy = NotNull(list, name).ToArray();
        foreach (T item in copy)
        {
            if (item is null)
            {
                throw new ArgumentException($"{name} must not contain null.", name);
            }
        }

        return copy;
    }
}
