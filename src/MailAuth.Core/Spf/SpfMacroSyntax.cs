namespace MailAuth.Spf;

/// <summary>Where a macro-string appears, which decides the letters and characters it may hold (RFC 7208 §7.1).</summary>
internal enum SpfMacroSyntax
{
    /// <summary>A domain-spec: letters <c>s l o d i p h v</c>; must end in a macro-expand or "." toplabel.</summary>
    DomainSpec,

    /// <summary>The value of an unknown modifier: a plain macro-string.</summary>
    ModifierValue,

    /// <summary>An explanation string fetched by <c>exp=</c> (§6.2): adds <c>c r t</c> and spaces.</summary>
    Explanation,
}
