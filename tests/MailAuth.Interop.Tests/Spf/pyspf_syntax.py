#!/usr/bin/env python3
"""Ask pyspf (Debian python3-spf) whether SPF records are well-formed, without any network.

Each input line is a JSON array [record]; each output line is a JSON array [result, explanation]. pyspf's DNS
look-up function answers nothing, so a permerror comes from the record itself (its parse phase: terms, modifiers,
CIDR lengths, macros) or from an include/redirect target that has no record, which the caller tells apart.
"""
import json
import sys

import spf


def nothing(name, qtype, *args, **kwargs):
    return []


def main():
    spf.DNSLookup = nothing
    for line in sys.stdin:
        if not line.strip():
            continue
        (record,) = json.loads(line)
        query = spf.query(i="192.0.2.99", s="postmaster@example.test", h="example.test")
        result, _, explanation = query.check(spf=record)
        print(json.dumps([result, explanation]))
    sys.stdout.flush()


if __name__ == "__main__":
    main()
