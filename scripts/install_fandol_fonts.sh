#!/usr/bin/env bash
# Install the Fandol fonts (FandolFang 仿宋, FandolKai 楷, FandolHei 黑, FandolSong 宋) that the
# PDF converter maps the GB/T 9704 fonts to (fengqiao/documents/fonts/fengqiao-fonts.conf).
# Debian has no package with only these fonts: they ship inside texlive-lang-chinese (about
# 100 MB installed, with all of TeX Live as dependencies), so this downloads that one .deb
# with apt and copies just the six .otf files (about 34 MB) to /usr/local/share/fonts/fandol,
# then corrects the Bold files' weight class (scripts/fix_fandol_weights.py).
set -euo pipefail
target=/usr/local/share/fonts/fandol
here=$(cd "$(dirname "$0")" && pwd)
if ls "$target"/FandolFang-Regular.otf >/dev/null 2>&1; then
  python3 "$here/fix_fandol_weights.py" "$target"/Fandol*-Bold.otf >/dev/null
  fc-cache -f "$target" >/dev/null
  exit 0
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"
chmod 777 "$work"  # apt's download user (_apt) writes here
apt-get download -qq texlive-lang-chinese >/dev/null
dpkg-deb --fsys-tarfile texlive-lang-chinese_*.deb \
  | tar -x --wildcards './usr/share/texlive/texmf-dist/fonts/opentype/public/fandol/Fandol[FHKS]*'
mkdir -p "$target"
cp ./usr/share/texlive/texmf-dist/fonts/opentype/public/fandol/*.otf "$target"/
# Their Bold files declare weight 400: fix it, or 方正小标宋 would print as FandolSong Regular.
python3 "$here/fix_fandol_weights.py" "$target"/Fandol*-Bold.otf >/dev/null
fc-cache -f "$target" >/dev/null
echo "Fandol fonts installed in $target"
