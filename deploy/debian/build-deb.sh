#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# Turns a tree staged by `make install-files DESTDIR=STAGE PREFIX=/usr ...` into
# OUTDIR/redgreen-bot_VERSION_ARCH.deb: strips the binary, compresses the man pages and the
# changelog, adds the copyright file, the control file (Depends from dpkg-shlibdeps), the
# conffiles (everything in /etc) and the md5sums. `make deb` runs it; see docs/operations.md.
# Usage: deploy/debian/build-deb.sh STAGE VERSION OUTDIR  (DEB_COMPRESS: dpkg-deb's compressor, xz by default)
set -eu
stage=$1 version=$2 out=$3
here=$(cd "$(dirname "$0")" && pwd)
arch=$(dpkg --print-architecture)
doc=$stage/usr/share/doc/redgreen-bot
date=$(date -R -u -d "@${SOURCE_DATE_EPOCH:-$(git -C "$here" log -1 --format=%ct 2>/dev/null || date +%s)}")

strip --strip-unneeded --remove-section=.comment --remove-section=.note "$stage/usr/bin/redgreen-bot"
find "$stage/usr/share/man" -type f -name '*.[1-9]' -exec gzip -9n {} +
install -d -m 0755 "$doc" "$stage/usr/share/lintian/overrides"
install -m 0644 "$here/lintian-overrides" "$stage/usr/share/lintian/overrides/redgreen-bot"
install -m 0644 "$here/copyright" "$doc/copyright"
sed -e "s/@VERSION@/$version/" -e "s/@DATE@/$date/" "$here/changelog" | gzip -9n > "$doc/changelog.gz"
chmod 0644 "$doc/changelog.gz"

# Depends: the shared libraries the binary links, by package (a scratch debian/control, as dpkg-shlibdeps wants one).
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
mkdir "$scratch/debian"
printf 'Source: redgreen-bot\n\nPackage: redgreen-bot\nArchitecture: any\n' > "$scratch/debian/control"
depends=$(cd "$scratch" && dpkg-shlibdeps -O --ignore-missing-info -e "$stage/usr/bin/redgreen-bot" 2>/dev/null | sed -n 's/^shlibs:Depends=//p')
[ -n "$depends" ] || { echo "build-deb.sh: dpkg-shlibdeps found no dependencies of $stage/usr/bin/redgreen-bot" >&2; exit 1; }

install -d -m 0755 "$stage/DEBIAN"
size=$(du -sk --exclude=DEBIAN "$stage" | cut -f1)
sed -e "s/@VERSION@/$version/" -e "s/@ARCH@/$arch/" -e "s/@SIZE@/$size/" -e "s/@DEPENDS@/$depends/" "$here/control" > "$stage/DEBIAN/control"
(cd "$stage" && find etc -type f | sort | sed 's|^|/|') > "$stage/DEBIAN/conffiles"
(cd "$stage" && find . -path ./DEBIAN -prune -o -type f -print | sed 's|^\./||' | sort | xargs md5sum) > "$stage/DEBIAN/md5sums"
chmod 0644 "$stage/DEBIAN/control" "$stage/DEBIAN/conffiles" "$stage/DEBIAN/md5sums"
find "$stage" -type d -exec chmod 0755 {} +

mkdir -p "$out"
dpkg-deb --root-owner-group -Z"${DEB_COMPRESS:-xz}" --build "$stage" "$out/redgreen-bot_${version}_${arch}.deb"
