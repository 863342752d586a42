#!/usr/bin/env python3
"""OpenDKIM (Debian libopendkim11, the library behind opendkim and opendkim-testmsg) driver
for the MailAuth.Core DKIM interop matrix, through ctypes — nothing to compile.

  probe  (exit 0 when the peer can run)
  sign   --key FILE --alg rsa-sha256|ed25519-sha256 --domain D --selector S --canon H/B
         --headers from:to:... [--length] --in MESSAGE --out SIGNED
  verify --keys KEYTABLE --in MESSAGE
  (verify --all: every DKIM-Signature must pass, not only the one libopendkim picks)

Why not opendkim-testmsg: it cannot choose canonicalization, algorithm or l=, and it verifies only
through live DNS (libresolv reads /etc/resolv.conf, port 53 only). The library's own test hook,
DKIM_QUERY_FILE + DKIM_OPTS_QUERYINFO, reads public keys from KEYTABLE (lines
"selector._domainkey.domain<whitespace>record") instead: offline and exact.
Exit codes: 0 pass/signed, 1 fail, 2 harness error.
"""
import driver_common
import ctypes
import ctypes.util
import sys

# Constants from <opendkim/dkim.h> (OpenDKIM 2.11).
DKIM_STAT_OK = 0
DKIM_STAT_NOSIG = 2
DKIM_OP_SETOPT = 1
DKIM_OPTS_FLAGS = 0
DKIM_OPTS_SIGNHDRS = 4
DKIM_OPTS_QUERYMETHOD = 6
DKIM_OPTS_QUERYINFO = 7
DKIM_QUERY_FILE = 1
DKIM_LIBFLAGS_SIGNLEN = 0x04
DKIM_LIBFLAGS_FIXCRLF = 0x100
DKIM_SIGFLAG_PASSED = 0x04
DKIM_SIGBH_MATCH = 0
CANON = {"simple": 0, "relaxed": 1}
ALG = {"rsa-sha1": 0, "rsa-sha256": 1, "ed25519-sha256": 2}


def load():
    for name in ("libopendkim.so.11", ctypes.util.find_library("opendkim")):
        if not name:
            continue
        try:
            return ctypes.CDLL(name)
        except OSError:
            continue
    print("error: libopendkim not found (Debian package libopendkim11, installed with opendkim-tools)")
    sys.exit(2)


lib = load()
vp = ctypes.c_void_p
lib.dkim_init.restype = vp
lib.dkim_init.argtypes = [vp, vp]
lib.dkim_close.argtypes = [vp]
lib.dkim_options.restype = ctypes.c_int
lib.dkim_options.argtypes = [vp, ctypes.c_int, ctypes.c_int, vp, ctypes.c_size_t]
lib.dkim_sign.restype = vp
lib.dkim_sign.argtypes = [vp, ctypes.c_char_p, vp, ctypes.c_char_p, ctypes.c_char_p, ctypes.c_char_p,
                          ctypes.c_int, ctypes.c_int, ctypes.c_int, ctypes.c_ssize_t, ctypes.POINTER(ctypes.c_int)]
lib.dkim_verify.restype = vp
lib.dkim_verify.argtypes = [vp, ctypes.c_char_p, vp, ctypes.POINTER(ctypes.c_int)]
lib.dkim_chunk.restype = ctypes.c_int
lib.dkim_chunk.argtypes = [vp, ctypes.c_char_p, ctypes.c_size_t]
lib.dkim_eom.restype = ctypes.c_int
lib.dkim_eom.argtypes = [vp, vp]
lib.dkim_getsighdr_d.restype = ctypes.c_int
lib.dkim_getsighdr_d.argtypes = [vp, ctypes.c_size_t, ctypes.POINTER(ctypes.c_char_p), ctypes.POINTER(ctypes.c_size_t)]
lib.dkim_getsiglist.restype = ctypes.c_int
lib.dkim_getsiglist.argtypes = [vp, ctypes.POINTER(ctypes.POINTER(vp)), ctypes.POINTER(ctypes.c_int)]
lib.dkim_getsignature.restype = vp
lib.dkim_getsignature.argtypes = [vp]
lib.dkim_sig_getflags.restype = ctypes.c_uint
lib.dkim_sig_getflags.argtypes = [vp]
lib.dkim_sig_getbh.restype = ctypes.c_int
lib.dkim_sig_getbh.argtypes = [vp]
lib.dkim_sig_geterror.restype = ctypes.c_int
lib.dkim_sig_geterror.argtypes = [vp]
lib.dkim_sig_geterrorstr.restype = ctypes.c_char_p
lib.dkim_sig_geterrorstr.argtypes = [ctypes.c_int]
lib.dkim_getresultstr.restype = ctypes.c_char_p
lib.dkim_getresultstr.argtypes = [ctypes.c_int]
lib.dkim_geterror.restype = ctypes.c_char_p
lib.dkim_geterror.argtypes = [vp]
lib.dkim_free.argtypes = [vp]


def setopt_uint(h, opt, value):
    v = ctypes.c_uint(value)
    return lib.dkim_options(h, DKIM_OP_SETOPT, opt, ctypes.byref(v), ctypes.sizeof(v))


def stat_str(st):
    s = lib.dkim_getresultstr(st)
    return s.decode() if s else str(st)


def sig_passed(sig):
    return (lib.dkim_sig_getflags(sig) & DKIM_SIGFLAG_PASSED) != 0 and lib.dkim_sig_getbh(sig) == DKIM_SIGBH_MATCH


def describe(sig, index):
    err = lib.dkim_sig_geterrorstr(lib.dkim_sig_geterror(sig))
    return "signature %d: %s" % (index, err.decode() if err else "failed")


def main():
    a, message = driver_common.parse_args(())
    if message is None:
        print("ok")
        return 0

    h = lib.dkim_init(None, None)
    if not h:
        print("error: dkim_init failed")
        return 2
    flags = DKIM_LIBFLAGS_FIXCRLF | (DKIM_LIBFLAGS_SIGNLEN if a.length else 0)
    setopt_uint(h, DKIM_OPTS_FLAGS, flags)
    st = ctypes.c_int(0)
    if a.mode == "sign":
        # Header names to sign: a NULL-terminated array of C strings.
        names = [n.encode() for n in a.headers.split(":")]
        arr = (ctypes.c_char_p * (len(names) + 1))(*names, None)
        # The option's value is the char** itself; its length argument must be sizeof(char **).
        r = lib.dkim_options(h, DKIM_OP_SETOPT, DKIM_OPTS_SIGNHDRS, ctypes.cast(arr, vp), ctypes.sizeof(vp))
        if r != DKIM_STAT_OK:
            print("error: DKIM_OPTS_SIGNHDRS: %s" % stat_str(r))
            return 2
        with open(a.key, "rb") as f:
            key = f.read()
        hc, bc = a.canon.split("/")
        d = lib.dkim_sign(h, b"interop", None, key, a.selector.encode(), a.domain.encode(),
                          CANON[hc], CANON[bc], ALG[a.alg], -1, ctypes.byref(st))
        if not d:
            print("error: dkim_sign: %s" % stat_str(st.value))
            return 2
        r = lib.dkim_chunk(d, message, len(message))
        if r == DKIM_STAT_OK:
            r = lib.dkim_chunk(d, None, 0)
        if r == DKIM_STAT_OK:
            r = lib.dkim_eom(d, None)
        if r != DKIM_STAT_OK:
            err = lib.dkim_geterror(d)
            print("error: signing: %s %s" % (stat_str(r), err.decode() if err else ""))
            return 2
        buf = ctypes.c_char_p()
        n = ctypes.c_size_t()
        r = lib.dkim_getsighdr_d(d, len("DKIM-Signature: "), ctypes.byref(buf), ctypes.byref(n))
        if r != DKIM_STAT_OK:
            print("error: dkim_getsighdr_d: %s" % stat_str(r))
            return 2
        value = ctypes.string_at(buf, n.value).replace(b"\r\n", b"\n").replace(b"\n", b"\r\n")
        with open(a.out, "wb") as f:
            f.write(b"DKIM-Signature: " + value + b"\r\n" + message)
        lib.dkim_free(d)
        lib.dkim_close(h)
        print("signed")
        return 0

    method = ctypes.c_int(DKIM_QUERY_FILE)
    lib.dkim_options(h, DKIM_OP_SETOPT, DKIM_OPTS_QUERYMETHOD, ctypes.byref(method), ctypes.sizeof(method))
    path = ctypes.create_string_buffer(a.keys.encode())
    lib.dkim_options(h, DKIM_OP_SETOPT, DKIM_OPTS_QUERYINFO, path, len(a.keys.encode()))
    d = lib.dkim_verify(h, b"interop", None, ctypes.byref(st))
    if not d:
        print("error: dkim_verify: %s" % stat_str(st.value))
        return 2
    r = lib.dkim_chunk(d, message, len(message))
    if r == DKIM_STAT_OK:
        r = lib.dkim_chunk(d, None, 0)
    if r == DKIM_STAT_OK:
        r = lib.dkim_eom(d, None)
    if a.all and r != DKIM_STAT_NOSIG:
        sigs = ctypes.POINTER(vp)()
        n = ctypes.c_int(0)
        lib.dkim_getsiglist(d, ctypes.byref(sigs), ctypes.byref(n))
        failures = [describe(sigs[i], i) for i in range(n.value) if not sig_passed(sigs[i])]
        if n.value and not failures:
            print("pass (%d signature(s))" % n.value)
            return 0
        print("fail: " + ("; ".join(failures) or "no signature"))
        return 1
    sig = lib.dkim_getsignature(d)
    if r == DKIM_STAT_NOSIG or not sig:
        print("fail: no signature (%s)" % stat_str(r))
        return 1
    passed = (lib.dkim_sig_getflags(sig) & DKIM_SIGFLAG_PASSED) != 0
    bh = lib.dkim_sig_getbh(sig)
    if r == DKIM_STAT_OK and passed and bh == DKIM_SIGBH_MATCH:
        print("pass")
        return 0
    err = lib.dkim_sig_geterrorstr(lib.dkim_sig_geterror(sig))
    print("fail: %s; %s; body hash %s" % (stat_str(r), err.decode() if err else "?",
                                          "match" if bh == DKIM_SIGBH_MATCH else "mismatch/untested"))
    return 1


if __name__ == "__main__":
    try:
        sys.exit(main())
    except Exception as e:  # noqa: BLE001
        print("error: %s: %s" % (type(e).__name__, e))
        sys.exit(2)
