#!/usr/bin/env python3
"""Evaluate SPF with pyspf (Debian python3-spf) against zone files, without any network.

Usage: pyspf_check.py ZONEFILE:ORIGIN [ZONEFILE:ORIGIN ...] < cases
Each input line is a JSON array [ip, sender, helo]; each output line is a JSON array [result, explanation].
pyspf's DNS look-up function (spf.DNSLookup) is replaced by one that answers from the zone files (loaded with
dnspython's zone parser), following CNAMEs like a resolver. Names under servfail.mailauth.test fail like SERVFAIL.
"""
import json
import sys

import dns.name
import dns.rdatatype
import dns.zone
import spf

SERVFAIL_ZONE = "servfail.mailauth.test"
RECORDS = {}


def load(spec):
    path, origin = spec.rsplit(":", 1)
    zone = dns.zone.from_file(path, origin=origin, relativize=False)
    for name, node in zone.nodes.items():
        owner = name.to_text(omit_final_dot=True).lower()
        for rdataset in node.rdatasets:
            rtype = dns.rdatatype.to_text(rdataset.rdtype)
            for rdata in rdataset:
                RECORDS.setdefault((owner, rtype), []).append(rdata)


def convert(qtype, rdata):
    if qtype in ("A", "AAAA"):
        return rdata.address
    if qtype == "MX":
        return (rdata.preference, rdata.exchange.to_text(omit_final_dot=True))
    if qtype == "PTR":
        return rdata.target.to_text(omit_final_dot=True)
    if qtype in ("TXT", "SPF"):
        return list(rdata.strings)
    raise ValueError(qtype)


def lookup(name, qtype, *args, **kwargs):
    current = name.rstrip(".").lower()
    for _ in range(10):
        if current == SERVFAIL_ZONE or current.endswith("." + SERVFAIL_ZONE):
            raise spf.TempError("DNS SERVFAIL for " + current)
        found = RECORDS.get((current, qtype))
        if found:
            return [((name, qtype), convert(qtype, r)) for r in found]
        cname = RECORDS.get((current, "CNAME"))
        if not cname:
            return []
        current = cname[0].target.to_text(omit_final_dot=True).lower()
    raise spf.TempError("CNAME chain too long at " + name)


def main():
    for spec in sys.argv[1:]:
        load(spec)
    spf.DNSLookup = lookup
    for line in sys.stdin:
        if not line.strip():
            continue
        ip, sender, helo = json.loads(line)
        query = spf.query(i=ip, s=sender, h=helo)
        query.set_default_explanation("DEFAULT")
        result, _, explanation = query.check()
        print(json.dumps([result, explanation if result == "fail" else None]), flush=False)
    sys.stdout.flush()


if __name__ == "__main__":
    main()
