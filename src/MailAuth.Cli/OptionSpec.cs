namespace MailAuth.Cli;

/// <summary>A command-line option: <c>--name</c> (flag) or <c>--name VALUE</c> / <c>--name=VALUE</c>.</summary>
/// <param name="Name">The long name without dashes.</param>
/// <param name="ValueName">The value placeholder for help (e.g. <c>FILE</c>), or <see langword="null"/> for a flag.</param>
/// <param name="Help">One line of help.</param>
/// <param name="Repeatable">Whether the option may be given more than once.</param>
internal sealed record OptionSpec(string Name, string? ValueName, string Help, bool Repeatable = false)
{
    /// <summary>Whether the option takes a value.</summary>
    public bool TakesValue => ValueName is not null;
}

/// <summary>A positional argument of a command.</summary>
/// <param name="Name">The placeholder shown in help, e.g. <c>FILE</c>.</param>
/// <param name="Help">One line of help.</param>
/// <param name="Minimum">How many values at least.</param>
/// <param name="Maximum">How many values at most.</param>
internal sealed record ArgumentSpec(string Name, string Help, int Minimum = 1, int Maximum = 1);
