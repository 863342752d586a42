#!/usr/bin/env python3
"""dkimpy (Debian python3-dkim) ARC driver for the MailAuth.Core ARC interop tests.

  probe
  verify --keys KEYTABLE --in MESSAGE                  prints the cv (pass/fail/none) and the reason
  seal   --keys KEYTABLE --key PEM --domain D --selector S --srv-id ID --in MESSAGE --out SEALED

Offline: public keys come from KEYTABLE (lines "selector._domainkey.domain<TAB>record") through dkimpy's dnsfunc
hook. seal validates the chain first (dkim.arc_verify) and hands the result to dkim.arc_sign as an
"Authentication-Results: ID; arc=CV" field, which is how arc_sign learns cv=. Exit: 0 pass/sealed, 1 fail/none, 2 error.
"""
import argparse
import driver_common
import sys

try:
    import dkim
except ImportError as e:
    print("error: %s" % e)
    sys.exit(2)


def main():
    p = argparse.ArgumentParser()
    p.add_argument("mode", choices=["probe", "verify", "seal"])
    p.add_argument("--keys")
    p.add_argument("--key")
    p.add_argument("--domain")
    p.add_argument("--selector")
    p.add_argument("--srv-id", dest="srv_id")
    p.add_argument("--in", dest="input")
    p.add_argument("--out")
    a = p.parse_args()
    if a.mode == "probe":
        print("ok")
        return 0
    table = driver_common.load_table(a.keys)

    def dnsfunc(name, timeout=5):
        if isinstance(name, bytes):
            name = name.decode("ascii")
        return table.get(name.lower().rstrip("."))

    with open(a.input, "rb") as f:
        message = f.read()
    cv, results, reason = dkim.arc_verify(message, dnsfunc=dnsfunc)
    if a.mode == "verify":
        print("%s %s" % (cv.decode("ascii"), reason))
        return 0 if cv == b"pass" else 1
    with open(a.key, "rb") as f:
        key = f.read()
    stamped = b"Authentication-Results: " + a.srv_id.encode() + b"; arc=" + cv + b"\r\n" + message
    fields = dkim.arc_sign(stamped, a.selector.encode(), a.domain.encode(), key, a.srv_id.encode(),
                           include_headers=[b"from", b"to", b"subject", b"date", b"message-id"])
    if not fields:
        print("not sealed")
        return 1
    with open(a.out, "wb") as f:
        f.write(b"".join(fields) + message)
    print("sealed cv=%s" % cv.decode("ascii"))
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except Exception as e:  # noqa: BLE001 - reported to the harness
        print("error: %s" % e)
        sys.exit(2)
