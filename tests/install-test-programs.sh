#!/usr/bin/env bash
# Installs every real program the tests run, as Debian packages; does nothing when all are present.
# Needs root and apt-get; without them it stops at once and prints the command to run.
set -euo pipefail

# One line per program: the command the tests run, then the Debian packages that provide it (installed together).
programs=(
  "rsync rsync"
  "stat coreutils"
  "createrepo_c createrepo-c"
  "apt-ftparchive apt-utils"
  "gpg gnupg"
  "rpmsign rpm"
  "rpmbuild rpm"
  "dnf dnf"
  "dpkg-deb dpkg"
  "gpgv gpgv"
  "apt-get apt"
  "chromium chromium"
  "setsid util-linux"
  "setpriv util-linux"
  "kill procps"
  "rt-setup-database-5 request-tracker5 rt5-db-sqlite"
  "/usr/share/request-tracker5/libexec/rt-server request-tracker5 rt5-standalone rt5-db-sqlite"
)

missing=()
for entry in "${programs[@]}"; do
  read -r command packages <<<"$entry"
  if ! command -v "$command" >/dev/null 2>&1; then
    for package in $packages; do
      case " ${missing[*]} " in
        *" $package "*) ;;
        *) missing+=("$package") ;;
      esac
    done
  fi
done

if [ "${#missing[@]}" -eq 0 ]; then
  exit 0
fi

if ! command -v apt-get >/dev/null 2>&1; then
  echo "The tests need these Debian packages, and there is no apt-get here: ${missing[*]}." >&2
  echo "Install the programs they provide with this system's package manager, then run the tests again." >&2
  exit 1
fi

if [ "$(id -u)" != "0" ]; then
  echo "The tests need these Debian packages: ${missing[*]}. Run:" >&2
  echo "  sudo apt-get update && sudo apt-get install -y ${missing[*]}" >&2
  exit 1
fi

echo "installing ${missing[*]}"
apt-get update -qq >/dev/null
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
