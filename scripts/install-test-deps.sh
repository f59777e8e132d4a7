#!/bin/sh
# Debian packages the test suite needs: the real servers of the test zoo (nginx, Caddy, HAProxy, Apache httpd;
# each test starts its own instance with its own config on loopback), openssl, and fonts-dejavu-core (the
# /history chart's text: resvg draws no text without a font file).
# Safe to run again; uses sudo only when not already root.
set -e
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
if command -v nginx >/dev/null 2>&1 && command -v openssl >/dev/null 2>&1 \
  && command -v caddy >/dev/null 2>&1 && command -v haproxy >/dev/null 2>&1 \
  && [ -x /usr/sbin/apache2 ] && [ -e /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ]; then
  exit 0
fi
$SUDO apt-get update -qq
# policy-rc.d stops the packages from starting system-wide servers on ports 80/443: tests start their own.
if [ ! -e /usr/sbin/policy-rc.d ]; then
  printf '#!/bin/sh\nexit 101\n' | $SUDO tee /usr/sbin/policy-rc.d >/dev/null
  $SUDO chmod +x /usr/sbin/policy-rc.d
  trap '$SUDO rm -f /usr/sbin/policy-rc.d' EXIT
fi
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends \
  nginx caddy haproxy apache2 openssl fonts-dejavu-core >/dev/null
