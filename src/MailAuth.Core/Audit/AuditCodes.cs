namespace MailAuth.Audit;

/// <summary>
/// The stable codes of <see cref="AuditFinding.Code"/>. A code never changes meaning; docs/audit.md lists each with its
/// severity and what to do.
/// </summary>
public static class AuditCodes
{
    /// <summary>The audited domain is not a valid domain name.</summary>
    public const string InvalidDomain = "AUDIT_INVALID_DOMAIN";

    /// <summary>The audit ran out of its DNS query budget or time budget; some checks are incomplete.</summary>
    public const string Incomplete = "AUDIT_INCOMPLETE";

    /// <summary>No sending profile was given: IP, alignment and key checks were skipped.</summary>
    public const string NoProfile = "AUDIT_NO_PROFILE";

    /// <summary>The domain has no SPF record (RFC 7208 §4.5).</summary>
    public const string SpfNone = "SPF_NONE";

    /// <summary>More than one SPF record: receivers return permerror (RFC 7208 §4.5).</summary>
    public const string SpfMultiple = "SPF_MULTIPLE";

    /// <summary>The SPF record does not parse: permerror (RFC 7208 §4.6).</summary>
    public const string SpfSyntax = "SPF_SYNTAX";

    /// <summary>Only a record of the obsolete DNS type SPF (99) is published; receivers read TXT only (RFC 7208 §3.1).</summary>
    public const string SpfTypeOnly = "SPF_TYPE99_ONLY";

    /// <summary>A record of the obsolete DNS type SPF (99) is published beside the TXT record; it can go.</summary>
    public const string SpfTypeObsolete = "SPF_TYPE99_OBSOLETE";

    /// <summary>The worst-case count of DNS-querying terms through nested includes exceeds 10 (RFC 7208 §4.6.4).</summary>
    public const string SpfTooManyLookups = "SPF_LOOKUPS_OVER_LIMIT";

    /// <summary>The worst-case count of DNS-querying terms is 8 to 10: one more include breaks the record.</summary>
    public const string SpfLookupsNearLimit = "SPF_LOOKUPS_NEAR_LIMIT";

    /// <summary>Names in the record have no answer (void look-ups, RFC 7208 §4.6.4); more than 2 is permerror.</summary>
    public const string SpfVoidLookups = "SPF_VOID_LOOKUPS";

    /// <summary>An include or redirect chain comes back to a domain already in it: receivers return permerror.</summary>
    public const string SpfIncludeLoop = "SPF_INCLUDE_LOOP";

    /// <summary>An included or redirect target has no usable SPF record: permerror (RFC 7208 §5.2, §6.1).</summary>
    public const string SpfIncludeBroken = "SPF_INCLUDE_BROKEN";

    /// <summary>Includes nest deeper than the auditor follows (<see cref="DomainAuditorOptions.MaxIncludeDepth"/>).</summary>
    public const string SpfIncludeTooDeep = "SPF_INCLUDE_TOO_DEEP";

    /// <summary>A domain-spec holds macros: its target, and so the look-ups below it, are known only at evaluation.</summary>
    public const string SpfMacroTarget = "SPF_MACRO_TARGET";

    /// <summary><c>+all</c>: every host on the Internet passes SPF for the domain.</summary>
    public const string SpfPassAll = "SPF_PASS_ALL";

    /// <summary><c>?all</c>: hosts not listed get neutral, which protects nothing.</summary>
    public const string SpfNeutralAll = "SPF_NEUTRAL_ALL";

    /// <summary>No <c>all</c> and no <c>redirect</c>: hosts not listed get neutral (RFC 7208 §4.7).</summary>
    public const string SpfNoAll = "SPF_NO_ALL";

    /// <summary>The <c>ptr</c> mechanism: slow, unreliable, and "SHOULD NOT be used" (RFC 7208 §5.5).</summary>
    public const string SpfPtr = "SPF_PTR";

    /// <summary><c>redirect=</c> beside an <c>all</c> mechanism never applies (RFC 7208 §6.1).</summary>
    public const string SpfRedirectIgnored = "SPF_REDIRECT_IGNORED";

    /// <summary>Advice from the hosting guide (figure 6-7): <c>redirect</c> or <c>include</c> for a provider's record.</summary>
    public const string SpfDelegation = "SPF_DELEGATION_ADVICE";

    /// <summary>A TXT character-string over 255 octets: it cannot be published as written (RFC 1035 §3.3.14, RFC 7208 §3.3).</summary>
    public const string TxtStringTooLong = "TXT_STRING_TOO_LONG";

    /// <summary>The SPF record is over 512 octets: answers may not fit a UDP datagram (RFC 7208 §3.4).</summary>
    public const string SpfRecordTooLong = "SPF_RECORD_TOO_LONG";

    /// <summary>A profile IP does not pass SPF for the envelope (MAIL FROM) domain.</summary>
    public const string SpfProfileIpFails = "SPF_PROFILE_IP_FAILS";

    /// <summary>Every profile IP passes SPF for the envelope domain.</summary>
    public const string SpfProfileIpPasses = "SPF_PROFILE_IP_PASSES";

    /// <summary>A profile IP does not pass the From domain's own SPF record, which some mobile carriers check (ESP page).</summary>
    public const string FromSpfIpFails = "FROM_SPF_IP_FAILS";

    /// <summary>A profile selector has no DKIM key record.</summary>
    public const string DkimKeyMissing = "DKIM_KEY_MISSING";

    /// <summary>More than one TXT record at a selector: verifiers may pick either.</summary>
    public const string DkimKeyMultiple = "DKIM_KEY_MULTIPLE";

    /// <summary>The DKIM key record does not parse or the key does not import (RFC 6376 §3.6.1).</summary>
    public const string DkimKeySyntax = "DKIM_KEY_SYNTAX";

    /// <summary>The key was revoked (empty <c>p=</c>): signatures with it fail.</summary>
    public const string DkimKeyRevoked = "DKIM_KEY_REVOKED";

    /// <summary>An RSA key under 1024 bits: verifiers treat signatures as failed (RFC 8301 §3.2).</summary>
    public const string DkimRsaTooSmall = "DKIM_RSA_TOO_SMALL";

    /// <summary>An RSA key of 1024 to 2047 bits: accepted, but 2048 is recommended (RFC 8301 §3.2).</summary>
    public const string DkimRsaWeak = "DKIM_RSA_WEAK";

    /// <summary>A usable key (RSA of 2048 bits or more, or Ed25519).</summary>
    public const string DkimKeyOk = "DKIM_KEY_OK";

    /// <summary><c>t=y</c>: the domain is testing DKIM; receivers may ignore failures (RFC 6376 §3.6.1).</summary>
    public const string DkimTesting = "DKIM_TESTING";

    /// <summary><c>h=sha1</c> only: RFC 8301 verifiers reject rsa-sha1, so no signature verifies.</summary>
    public const string DkimSha1Only = "DKIM_SHA1_ONLY";

    /// <summary>The key's <c>s=</c> does not allow email.</summary>
    public const string DkimNotEmail = "DKIM_KEY_NOT_EMAIL";

    /// <summary>RSA and Ed25519 keys are both published: dual signing, good practice (RFC 8463 §1).</summary>
    public const string DkimDualSigning = "DKIM_DUAL_SIGNING";

    /// <summary>Only Ed25519 keys: receivers without RFC 8463 support see no valid signature.</summary>
    public const string DkimEd25519Only = "DKIM_ED25519_ONLY";

    /// <summary>The key rotation plan from the current to the next selector, with the earliest time of each step.</summary>
    public const string DkimRotationPlan = "DKIM_ROTATION_PLAN";

    /// <summary>No DMARC record applies to the domain (RFC 9989 §4.10, RFC 7489 §6.6.3).</summary>
    public const string DmarcNone = "DMARC_NONE";

    /// <summary>More than one DMARC record at a name: all are discarded.</summary>
    public const string DmarcMultiple = "DMARC_MULTIPLE";

    /// <summary>The DMARC record has invalid or duplicate tags (each replaced by its default).</summary>
    public const string DmarcSyntax = "DMARC_SYNTAX";

    /// <summary>The <c>p</c> tag is missing or invalid.</summary>
    public const string DmarcPolicyInvalid = "DMARC_POLICY_INVALID";

    /// <summary>RFC 9989 tree walk and RFC 7489 discovery give different records or Organizational Domains.</summary>
    public const string DmarcDiscoveryDiffers = "DMARC_DISCOVERY_DIFFERS";

    /// <summary>The policy comes from a parent domain's record, not the domain's own.</summary>
    public const string DmarcInherited = "DMARC_INHERITED";

    /// <summary><c>p=none</c>: monitoring only, spoofed mail is delivered.</summary>
    public const string DmarcMonitoring = "DMARC_MONITORING";

    /// <summary><c>p=quarantine</c> or <c>p=reject</c>: the policy is enforced.</summary>
    public const string DmarcEnforced = "DMARC_ENFORCED";

    /// <summary><c>pct</c> under 100: RFC 7489 receivers apply the policy to a sample only.</summary>
    public const string DmarcPercentage = "DMARC_PCT";

    /// <summary><c>t=y</c> (RFC 9989 §4.7): receivers apply one level less.</summary>
    public const string DmarcTesting = "DMARC_TESTING";

    /// <summary>No <c>rua</c>: the domain gets no aggregate reports.</summary>
    public const string DmarcNoRua = "DMARC_NO_RUA";

    /// <summary>An external report destination has not authorized the reports (RFC 7489 §7.1).</summary>
    public const string DmarcReportUnauthorized = "DMARC_REPORT_UNAUTHORIZED";

    /// <summary><c>sp</c> or <c>np</c> is weaker than <c>p</c>: subdomains are less protected.</summary>
    public const string DmarcSubdomainWeaker = "DMARC_SUBDOMAIN_WEAKER";

    /// <summary>No <c>np</c>: non-existent subdomains get <c>sp</c> or <c>p</c> (RFC 9091).</summary>
    public const string DmarcNpAbsent = "DMARC_NP_ABSENT";

    /// <summary>Mail sent as the profile describes would fail DMARC.</summary>
    public const string DmarcProfileFails = "DMARC_PROFILE_FAILS";

    /// <summary>Mail sent as the profile describes passes DMARC (with which aligned identifiers).</summary>
    public const string DmarcProfilePasses = "DMARC_PROFILE_PASSES";

    /// <summary>Only one of SPF and DKIM can align for the profile; the other gives no backup (e.g. after forwarding).</summary>
    public const string DmarcSingleAlignment = "DMARC_SINGLE_ALIGNMENT";

    /// <summary>A DNS query failed or timed out: receivers get temperror for it (guide 4.3.2).</summary>
    public const string DnsFailure = "DNS_QUERY_FAILED";

    /// <summary>A DNS answer was slow (guide 4.3.2).</summary>
    public const string DnsSlow = "DNS_SLOW_ANSWER";

    /// <summary>A record's TTL is long: changes and key rotations take that long to reach receivers (guide 4.3.2.2).</summary>
    public const string DnsTtlLong = "DNS_TTL_LONG";

    /// <summary>A record's TTL is short: receivers query often, and a DNS outage shows at once (guide 4.3.2).</summary>
    public const string DnsTtlShort = "DNS_TTL_SHORT";
}
