using MailAuth.Arc;
using MailAuth.Dkim;
using MailAuth.Messages;

namespace MailAuth.Tests.Arc;

/// <summary>Checks on sealed messages that the validator cannot make (a cv=fail seal is never validated, RFC 8617 §5.2 step 2).</summary>
internal static class ArcTestSupport
{
    /// <summary>Verifies the ARC-Seal of <paramref name="instance"/> over its own set only (AAR, AMS, then the seal; RFC 8617 §5.1.2).</summary>
    public static bool SealVerifiesOverOwnSet(RawMessage message, int instance, string keyRecord)
    {
        HeaderField Find(string name, bool results) => message.Headers.First(h => h.HasName(name)
            && (results ? ArcChainValidator.TryReadResultsInstance(h.GetValueText(), out int i) : ArcSignature.TryReadInstance(ArcChainValidator.Latin1(h), out i))
            && i == instance);
        var aar = Find(ArcChainValidator.ResultsFieldName, true);
        var ams = Find(ArcChainValidator.SignatureFieldName, false);
        var seal = Find(ArcChainValidator.SealFieldName, false);
        if (!ArcSignature.TryParse(ArcChainValidator.Latin1(seal), DkimTagProfiles.ArcSeal, out var parsed, out _, out _))
        {
            return false;
        }

        byte[] hash = DkimHeaderHasher.ComputeHash(new[] { aar, ams }, DkimCanonicalization.Relaxed, DkimAlgorithms.GetHash(parsed.Algorithm), seal.Raw.Span, ArcChainValidator.ValueRange(seal, parsed));
        var key = DkimPublicKey.Parse(keyRecord.Replace("\n", string.Empty, StringComparison.Ordinal));
        return key.Verify(parsed.Algorithm, hash, parsed.Signature, 1024, 8192, out _, out _) == DkimProblem.None;
    }
}
