namespace MailAuth.Interop.Tests.Dkim;

/// <summary>What a signer in the matrix is asked to produce.</summary>
/// <param name="Algorithm"><c>rsa-sha256</c> or <c>ed25519-sha256</c>.</param>
/// <param name="Canonicalization"><c>header/body</c>, e.g. <c>relaxed/simple</c>.</param>
/// <param name="BodyLength">Whether to add <c>l=</c> (the whole canonicalized body).</param>
internal sealed record DkimSignRequest(string Algorithm, string Canonicalization, bool BodyLength)
{
    public string Domain => DkimTestKeys.Domain;

    public string Selector => DkimTestKeys.Selector(Algorithm);

    public IReadOnlyList<string> Headers => DkimTestMessages.SignedHeaders;

    public string HeaderCanonicalization => Canonicalization[..Canonicalization.IndexOf('/', StringComparison.Ordinal)];

    public string BodyCanonicalization => Canonicalization[(Canonicalization.IndexOf('/', StringComparison.Ordinal) + 1)..];

    public override string ToString() => $"{Algorithm} c={Canonicalization}{(BodyLength ? " l=" : string.Empty)}";
}
