"""Give Fandol's Bold faces the weight class they should have (700, not 400).

FandolSong-Bold.otf and FandolHei-Bold.otf declare ``usWeightClass`` 400 in their OS/2 table,
so fontconfig lists them at the regular weight and LibreOffice picks the Regular file for
方正小标宋 (mapped to FandolSong Bold). This sets the field to 700 in place and updates the
table checksum and the font's checksum adjustment. Plain Python (no fontTools), so the
install script can run it with the system python3. Usage: fix_fandol_weights.py FILE...
"""

from __future__ import annotations

import struct
import sys


def _checksum(data: bytes) -> int:
    data += b"\0" * (-len(data) % 4)
    return sum(struct.unpack(f">{len(data) // 4}I", data)) & 0xFFFFFFFF


def fix(path: str, weight: int = 700) -> bool:
    with open(path, "rb") as f:
        font = bytearray(f.read())
    (num_tables,) = struct.unpack_from(">H", font, 4)
    tables = {}
    for i in range(num_tables):
        entry = 12 + 16 * i
        tag, _, offset, length = struct.unpack_from(">4sIII", font, entry)
        tables[tag] = (entry, offset, length)
    entry, offset, length = tables[b"OS/2"]
    if struct.unpack_from(">H", font, offset + 4)[0] == weight:
        return False
    struct.pack_into(">H", font, offset + 4, weight)
    struct.pack_into(">I", font, entry + 4, _checksum(bytes(font[offset : offset + length])))
    if b"head" in tables:
        _, head, _ = tables[b"head"]
        struct.pack_into(">I", font, head + 8, 0)
        struct.pack_into(">I", font, head + 8, (0xB1B0AFBA - _checksum(bytes(font))) & 0xFFFFFFFF)
    with open(path, "wb") as f:
        f.write(font)
    return True


if __name__ == "__main__":
    for name in sys.argv[1:]:
        print(f"{name}: {'weight 700' if fix(name) else 'unchanged'}")
