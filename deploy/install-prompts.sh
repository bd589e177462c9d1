#!/bin/sh
# Installs the hotline's prompts where Asterisk looks for them:
#   sounds/zh-CN/<id>.wav -> <astdatadir>/sounds/zh_CN/hotline/<id>.wav
#   sounds/en-US/<id>.wav -> <astdatadir>/sounds/en_US/hotline/<id>.wav
# The service plays them as sound:hotline/<id> with the channel's language,
# and the dialplan as Playback(hotline/<id>).
#
# Usage (as root, from the repo or /opt/hotline):  sh deploy/install-prompts.sh
# Environment:
#   ASTERISK_SOUNDS_DIR  target sounds dir (default: <astdatadir>/sounds,
#                        astdatadir read from ASTERISK_CONF)
#   ASTERISK_CONF        default /etc/asterisk/asterisk.conf
#   PROMPTS_DIR          where the WAVs are (default: sounds/ beside this script's folder)
set -eu

here=$(cd "$(dirname "$0")" && pwd)
prompts=${PROMPTS_DIR:-$here/../sounds}
conf=${ASTERISK_CONF:-/etc/asterisk/asterisk.conf}

if [ -z "${ASTERISK_SOUNDS_DIR:-}" ]; then
  # astdatadir => /var/lib/asterisk  (in [directories]); Asterisk's default if unset.
  # A missing asterisk.conf means Asterisk lives elsewhere (a custom
  # prefix): guessing /var/lib/asterisk would install where it never looks.
  if [ ! -r "$conf" ]; then
    echo "install-prompts: cannot read $conf, so the sounds folder is unknown." >&2
    echo "  Set ASTERISK_CONF to your asterisk.conf (e.g. /usr/local/etc/asterisk/asterisk.conf)" >&2
    echo "  or ASTERISK_SOUNDS_DIR to Asterisk's sounds folder (e.g. /usr/local/var/lib/asterisk/sounds)." >&2
    exit 1
  fi
  datadir=$(sed -n 's/^[[:space:]]*astdatadir[[:space:]]*=>*[[:space:]]*\([^;[:space:]]*\).*/\1/p' "$conf" | tail -n 1)
  ASTERISK_SOUNDS_DIR=${datadir:-/var/lib/asterisk}/sounds
fi

total=0
for lang in zh-CN en-US; do
  src="$prompts/$lang"
  # Asterisk names language folders with an underscore (zh_CN), the repo with a dash.
  dest="$ASTERISK_SOUNDS_DIR/$(echo "$lang" | tr - _)/hotline"
  if ! ls "$src"/*.wav >/dev/null 2>&1; then
    echo "install-prompts: no WAV files in $src (run npm run sounds, or check PROMPTS_DIR)" >&2
    exit 1
  fi
  install -d -m 0755 "$dest"
  # World-readable, so Asterisk (running as its own user) can play them.
  install -m 0644 "$src"/*.wav "$dest"/
  n=$(ls "$src"/*.wav | wc -l)
  total=$((total + n))
  echo "install-prompts: $n prompts -> $dest"
done
echo "install-prompts: $total files installed; test with: asterisk -rx \"channel originate Local/4000@hotline-test application Wait 60\""
