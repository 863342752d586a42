#!/usr/bin/env python3
"""Draws the 128x128 package icon (src/package/icon.png): an envelope with a check mark. Standard library only."""
import struct
import zlib

SIZE = 128
BLUE, WHITE, GREEN = (0x1F, 0x4E, 0x79), (0xFF, 0xFF, 0xFF), (0x2E, 0xA0, 0x43)


def pixel(x, y):
    # Rounded blue square as the background.
    r, cx, cy = 20, min(max(x, 20), SIZE - 21), min(max(y, 20), SIZE - 21)
    if (x - cx) ** 2 + (y - cy) ** 2 > r * r:
        return (0, 0, 0, 0)
    color = BLUE
    # The envelope: a white rectangle with its flap drawn as two blue lines.
    if 22 <= x <= 105 and 34 <= y <= 92:
        color = WHITE
        flap = 34 + (x - 22) * 30 // 42 if x <= 63 else 34 + (105 - x) * 30 // 42
        if abs(y - flap) <= 2:
            color = BLUE
    # The check mark in a green disc at the lower right.
    if (x - 96) ** 2 + (y - 92) ** 2 <= 22 * 22:
        color = GREEN
        on_short = 84 <= x <= 93 and abs((y - 92) - (x - 84)) <= 3
        on_long = 93 <= x <= 108 and abs((y - 101) + (x - 93)) <= 3
        if on_short or on_long:
            color = WHITE
    return color + (255,)


def chunk(kind, data):
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)


rows = b"".join(b"\x00" + bytes(c for x in range(SIZE) for c in pixel(x, y)) for y in range(SIZE))
png = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", SIZE, SIZE, 8, 6, 0, 0, 0)) \
    + chunk(b"IDAT", zlib.compress(rows, 9)) + chunk(b"IEND", b"")
with open(__file__.rsplit("/", 1)[0] + "/icon.png", "wb") as f:
    f.write(png)
