"""Shared by the Python peer drivers: the DKIM drivers' command line (dkimpy-driver.py, opendkim-driver.py) and the
offline key table (also arc-dkimpy-driver.py)."""
import argparse


def parse_args(extra_options=()):
    """Parses the common driver options; returns (args, message bytes or None for 'probe')."""
    p = argparse.ArgumentParser()
    p.add_argument("mode", choices=["probe", "sign", "verify"])
    p.add_argument("--key")
    p.add_argument("--alg", default="rsa-sha256")
    p.add_argument("--domain")
    p.add_argument("--selector")
    p.add_argument("--canon", default="relaxed/relaxed")
    p.add_argument("--headers", default="from:to:subject:date:message-id")
    p.add_argument("--length", action="store_true")
    p.add_argument("--keys")
    for option in extra_options:
        p.add_argument(option)
    p.add_argument("--all", action="store_true")
    p.add_argument("--in", dest="input")
    p.add_argument("--out")
    a = p.parse_args()
    if a.mode == "probe":
        return a, None
    with open(a.input, "rb") as f:
        return a, f.read()


def load_table(path):
    """The offline key table: lines "name<TAB>TXT record"; names lower case without the trailing dot."""
    table = {}
    with open(path, "r", encoding="ascii") as f:
        for line in f:
            line = line.rstrip("\r\n")
            if line and not line.startswith("#"):
                name, record = line.split("\t", 1)
                table[name.lower().rstrip(".")] = record.encode("ascii")
    return table
