# Shared by the ops/ scripts: install what is missing (Debian packages only), configure, build.
# Source it; do not run it.

KINERJA_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

# The Debian 12 packages kinerja builds, runs and tests with. clang (14) with libclang-rt-14-dev
# builds the ASan+UBSan suites and the libFuzzer targets; llvm-14 symbolizes their reports.
# libjemalloc2: the other allocator ops/run (KINERJA_ALLOCATOR=jemalloc) and ops/soak
# (--allocator jemalloc) can start kinerjad with, by LD_PRELOAD (nothing links it); measured
# against glibc's in BENCHMARKS.md ("Final code: RSS").
KINERJA_PACKAGES=(
  build-essential cmake ninja-build pkg-config git
  libpistache-dev librocksdb-dev rapidjson-dev librdkafka-dev libspdlog-dev libfmt-dev
  libssl-dev libgtest-dev libgmock-dev
  kcat curl libjemalloc2
  clang libclang-rt-14-dev llvm-14
)

kinerja_log() { printf '\033[1m[kinerja]\033[0m %s\n' "$*" >&2; }

# Installs the packages that are not installed yet; does nothing when all are present.
kinerja_install_packages() {
  local missing=() pkg
  for pkg in "$@"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed' || missing+=("$pkg")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  kinerja_log "installing: ${missing[*]}"
  local sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
}

kinerja_install_deps() { kinerja_install_packages "${KINERJA_PACKAGES[@]}"; }

# kinerja_allocator_env <jemalloc|glibc>: prints the environment assignment that makes kinerjad
# use that allocator (nothing for glibc); exits non-zero with a message when jemalloc is missing.
kinerja_allocator_env() {
  case "$1" in
    glibc) return 0 ;;
    jemalloc)
      local lib
      lib="$(/sbin/ldconfig -p 2>/dev/null | awk '/libjemalloc\.so\.2 /{print $NF; exit}')"
      if [ -z "$lib" ]; then
        kinerja_log "libjemalloc2 is not installed (apt-get install libjemalloc2, or use glibc)"
        return 1
      fi
      printf 'LD_PRELOAD=%s\n' "$lib" ;;
    *) kinerja_log "unknown allocator: $1 (jemalloc or glibc)"; return 1 ;;
  esac
}

# kinerja_build <build-dir> [extra cmake args...]
kinerja_build() {
  local dir="$1"; shift
  local jobs
  jobs="$(nproc 2>/dev/null || echo 2)"
  cmake -S "$KINERJA_ROOT" -B "$KINERJA_ROOT/$dir" -G Ninja "$@" >/dev/null
  cmake --build "$KINERJA_ROOT/$dir" -j "$jobs"
}
