#!/usr/bin/env python3
"""dkimpy (Debian python3-dkim) driver for the MailAuth.Core DKIM interop matrix.

  probe  (exit 0 when the peer can run)
  sign   --key FILE --alg rsa-sha256|ed25519-sha256 --domain D --selector S --canon H/B
         --headers from:to:... [--length] --in MESSAGE --out SIGNED
  verify --keys KEYTABLE --in MESSAGE
  verify --dns ADDRESS:PORT --in MESSAGE
  (verify --all: every DKIM-Signature must pass, not only the first)

Offline: public keys come from KEYTABLE (lines "selector._domainkey.domain<TAB>record"),
handed to dkimpy through its dnsfunc hook. With --dns, they are queried from that DNS server
instead (the local test server, 127.0.0.1:5053), through dnspython. Exit codes: 0 pass/signed, 1 fail, 2 harness error.
"""
import driver_common
import sys

try:
    import dkim
    import nacl.signing  # noqa: F401 - ed25519 support (python3-nacl)
except ImportError as e:  # reported by the harness as "peer missing"
    print("error: %s" % e)
    sys.exit(2)


def server_lookup(server):
    """A dnsfunc asking one DNS server (address:port) for TXT records, joining character-strings."""
    import dns.resolver

    address, port = server.rsplit(":", 1)
    resolver = dns.resolver.Resolver(configure=False)
    resolver.nameservers = [address]
    resolver.port = int(port)

    def lookup(name, timeout=5):
        if isinstance(name, bytes):
            name = name.decode("ascii")
        try:
            answer = resolver.resolve(name, "TXT", lifetime=timeout)
        except (dns.resolver.NXDOMAIN, dns.resolver.NoAnswer):
            return None
        return b"".join(answer[0].strings)

    return lookup


def main():
    a, message = driver_common.parse_args(("--dns",))
    if message is None:
        print("ok")
        return 0

    if a.mode == "sign":
        with open(a.key, "rb") as f:
            key = f.read().strip()
        hc, bc = a.canon.split("/")
        sig = dkim.sign(message, a.selector.encode(), a.domain.encode(), key,
                        canonicalize=(hc.encode(), bc.encode()),
                        signature_algorithm=a.alg.encode(),
                        include_headers=[h.encode() for h in a.headers.split(":")],
                        length=a.length)
        with open(a.out, "wb") as f:
            f.write(sig + message)
        print("signed")
        return 0

    if a.dns:
        dnsfunc = server_lookup(a.dns)
    else:
        table = driver_common.load_table(a.keys)

        def dnsfunc(name, timeout=5):
            if isinstance(name, bytes):
                name = name.decode("ascii")
            return table.get(name.lower().rstrip("."))

    d = dkim.DKIM(message)
    count = sum(1 for name, _ in d.headers if name.lower() == b"dkim-signature") if a.all else 1
    failures = []
    for idx in range(max(count, 1)):
        try:
            if not d.verify(idx=idx, dnsfunc=dnsfunc):
                failures.append("signature %d: signature or body hash did not verify" % idx)
        except dkim.DKIMException as e:
            failures.append("signature %d: %s" % (idx, e))
    if not failures:
        print("pass (%d signatures)" % count if a.all else "pass")
        return 0
    print("fail: " + "; ".join(failures))
    return 1


if __name__ == "__main__":
    try:
        sys.exit(main())
    except Exception as e:  # noqa: BLE001 - anything else is a harness error
        print("error: %s: %s" % (type(e).__name__, e))
        sys.exit(2)
