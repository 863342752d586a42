namespace MailAuth.Fuzz;

/// <summary>Runs one input through the code under test. Any exception that escapes is a finding.</summary>
internal delegate void FuzzAction(ReadOnlySpan<byte> input);

/// <summary>A target in the registry.</summary>
/// <param name="Name">The name used on the command line and as the corpus folder (<c>fuzz/corpus/NAME</c>).</param>
/// <param name="Grammar">The dictionary used with it (<c>fuzz/dict/GRAMMAR.dict</c>); several targets may share one.</param>
/// <param name="Run">The action; throws only when the code under test misbehaves.</param>
/// <param name="Adversarial">
/// Inputs for the timing fuzz: each pattern is a prefix, a unit repeated to reach the wanted size, and a suffix.
/// </param>
internal sealed record FuzzTarget(string Name, string Grammar, FuzzAction Run, IReadOnlyList<TimingPattern> Adversarial);

/// <summary>An input family for the timing fuzz: <c>Prefix + Unit * n + Suffix</c>.</summary>
/// <param name="Label">A short description shown in the timing report.</param>
/// <param name="Prefix">Text before the repeated part.</param>
/// <param name="Unit">The repeated part.</param>
/// <param name="Suffix">Text after the repeated part.</param>
internal sealed record TimingPattern(string Label, string Prefix, string Unit, string Suffix = "")
{
    /// <summary>Builds the input of about <paramref name="size"/> bytes (at least one unit).</summary>
    public byte[] Build(int size)
    {
        int fixedBytes = Prefix.Length + Suffix.Length;
        int count = Math.Max(1, (size - fixedBytes) / Math.Max(1, Unit.Length));
        var text = new System.Text.StringBuilder(fixedBytes + count * Unit.Length);
        text.Append(Prefix);
        for (int i = 0; i < count; i++)
        {
            text.Append(Unit);
        }

        text.Append(Suffix);
        return System.Text.Encoding.UTF8.GetBytes(text.ToString());
    }
}
