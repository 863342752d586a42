#!/usr/bin/env python3
"""Writes the seed corpora fuzz/corpus/<target>/ from the repository's test data (run from any directory).

The output is committed; re-run after changing the test data. Seeds are small (afl++ works best on inputs under
1 KiB) and deduplicated by content. Needs python3-yaml (Debian) for the RFC 7208 suite.
"""
import hashlib
import json
import os
import re

import yaml

root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
data = os.path.join(root, "tests", "MailAuth.Core.Tests", "TestData")
out = os.path.join(root, "fuzz", "corpus")
seeds = {}


def add(target, text):
    raw = text.encode("utf-8") if isinstance(text, str) else text
    if 0 < len(raw) <= 4096:
        seeds.setdefault(target, {})[hashlib.sha1(raw).hexdigest()[:16]] = raw


def read(*parts):
    with open(os.path.join(data, *parts), "rb") as f:
        return f.read()


def txt_records(zone_text, prefix):
    # "name TXT "a" "b"" lines -> joined character-strings whose text starts with prefix
    for line in zone_text.splitlines():
        strings = re.findall(r'"((?:[^"\\]|\\.)*)"', line)
        if strings and "".join(strings).startswith(prefix):
            yield "".join(strings)


# SPF: every TXT/SPF record of the RFC 7208 suite; check_host seeds are the records of one scenario, one per line.
for doc in yaml.safe_load_all(read("spf", "rfc7208-tests.yml")):
    records = []
    for name, answers in (doc.get("zonedata") or {}).items():
        for answer in answers:
            if isinstance(answer, dict):
                for kind in ("TXT", "SPF"):
                    value = answer.get(kind)
                    if isinstance(value, list):
                        value = "".join(value)
                    if isinstance(value, str):
                        add("spf-parse", value)
                        records.append(value.replace("\n", " ").replace("example.com", "example.com"))
    spf = [r for r in records if r.lower().startswith("v=spf1")]
    for i in range(0, len(spf), 3):
        add("spf-check-host", "\n".join(spf[i:i + 3] + ["v=spf1 ip4:192.0.2.0/24 -all", "x", "v=spf1 -all", "%{s} is not allowed"]))

# DKIM: the RFC 8463 signatures and keys, the real-world message's signature.
messages = [read("dkim", "rfc8463-appendix-a", "rfc8463-example.msg"), read("dkim", "rfc8463-appendix-a", "rfc8463-unsigned-input.msg"),
            read("messages", "real-world.eml")]
for msg in messages:
    text = msg.decode("utf-8")
    for m in re.finditer(r"^DKIM-Signature:(.*(?:\n[ \t].*)*)", text, re.M):
        add("dkim-signature", m.group(1).replace("\n", "\r\n"))
        add("dkim-signature", re.sub(r"\s+", " ", m.group(1)).strip())
    for m in re.finditer(r"^From:(.*(?:\n[ \t].*)*)", text, re.M):
        add("dmarc-from", m.group(1).strip())
for key in txt_records(read("dkim", "rfc8463-appendix-a", "dns-records.txt").decode(), "v=DKIM1"):
    add("dkim-key", key)
add("dkim-key", "v=DKIM1; h=sha256; k=rsa; n=notes; s=email; t=y:s; p=")
add("dkim-key", "k=ed25519; p=11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo=")

# DMARC: the evaluation zone's records plus the RFC 7489/9989 tags.
for rec in txt_records(read("dmarc", "evaluation.zone").decode(), "v=DMARC1"):
    add("dmarc-record", rec)
add("dmarc-record", "v=DMARC1; p=reject; sp=quarantine; np=none; psd=y; t=y; adkim=s; aspf=r; pct=50; fo=0:1:d:s; "
                    "rf=afrf; ri=3600; rua=mailto:a@example.com!10m,mailto:b@example.org; ruf=mailto:f@example.com")
for frm in ["Joe <joe@example.com>", "a@example.com, \"B, C\" <b@example.org>", "undisclosed: ;", "g: a@example.com, b@example.com;",
            "(comment) joe@[192.0.2.1]", "=?UTF-8?Q?Al=C3=AFce?= <alice@example.com>\na@example.org"]:
    add("dmarc-from", frm)

# Authentication-Results: the RFC 8601 Appendix B examples and the real-world message's field.
for example in json.loads(read("authres", "ar-examples.json"))["examples"]:
    for key in ("raw", "unfolded"):
        value = example.get(key)
        if value:
            for field in re.split(r"\r?\n(?=\S)", value.replace("\r\n", "\n")):
                field = field.replace("\n", "\r\n")
                add("authres-strict", field)
                add("authres-lenient", field)
                if field.startswith("Authentication-Results:"):
                    add("authres-lenient", "ARC-Authentication-Results: i=1; " + field.split(":", 1)[1].strip())

# Messages: the test messages, whole.
for msg in messages:
    add("message-reader", msg)
    add("facade", msg)
    add("facade", msg.replace(b"\n", b"\r\n"))

for target, files in seeds.items():
    folder = os.path.join(out, target)
    os.makedirs(folder, exist_ok=True)
    for name, raw in files.items():
        with open(os.path.join(folder, name), "wb") as f:
            f.write(raw)
    print(f"{target}: {len(files)} seed(s)")
