#!/bin/sh
# The Dutch catalogue is complete and POTFILES.in lists every file with translatable strings:
# the desk app's, and the server's public web (pages, public API, messages to citizens).
# Usage: check-po.sh SOURCE_ROOT
set -eu
top=$1
status=0

stats=$(msgfmt --check --statistics -o /dev/null "$top/po/nl.po" 2>&1) || {
  echo "po/nl.po does not compile: $stats"; exit 1; }
echo "po/nl.po: $stats"
case "$stats" in
  *untranslated*|*fuzzy*) echo "po/nl.po is not complete"; status=1 ;;
esac

cd "$top"
for f in $(grep -lE '\b(_|N_|C_|NC_)\(|ngettext|translatable="yes"' app/*.c app/*.ui app/gtk/*.ui app/core/*.c \
    sync-server/loket-web-*.c sync-server/loket-store-web*.c sync-server/loket-store-public.c \
    sync-server/loket-message-text.c); do
  grep -qx "$f" po/POTFILES.in || { echo "$f has translatable strings but is not in po/POTFILES.in"; status=1; }
done
grep -v '^#' po/POTFILES.in | while read -r f; do
  [ -z "$f" ] || [ -e "$f" ] || { echo "po/POTFILES.in lists $f, which does not exist"; exit 1; }
done || status=1

# Every message of the sources is in the catalogue (the template is made fresh, not read).
pot=$(mktemp)
trap 'rm -f "$pot"' EXIT
xgettext --from-code=UTF-8 --add-comments=Translators --keyword=_ --keyword=N_ \
  --keyword=C_:1c,2 --keyword=NC_:1c,2 --keyword=g_dngettext:2,3 --keyword=ngettext:1,2 \
  --keyword=g_dpgettext2:2c,3 -f po/POTFILES.in -o "$pot" 2>/dev/null
missing=$(msgcmp --use-untranslated "po/nl.po" "$pot" 2>&1 | grep -c 'this message is used but not defined' || true)
if [ "$missing" != 0 ]; then
  echo "po/nl.po lacks $missing message(s) of the sources: run 'meson compile -C build loket-update-po' and translate them"
  status=1
fi
exit $status
