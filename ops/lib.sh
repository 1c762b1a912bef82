# Shared by the ops/ scripts: install what is missing (Debian packages only), configure, build.
# Source it; do not run it.

KINERJA_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

# The Debian 12 packages kinerja builds, runs and tests with. clang (14) with libclang-rt-14-dev
# builds the ASan+UBSan suites and the libFuzzer targets; llvm-14 symbolizes their reports.
# libjemalloc2: the allocator ops/run and ops/soak start kinerjad with by default, by LD_PRELOAD
# (nothing links it; KINERJA_ALLOCATOR=glibc / --allocator glibc keep glibc's malloc); measured
# against glibc's in BENCHMARKS.md ("Session 4: RSS").
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

# kinerja_allocator_env <jemalloc|glibc>: prints the environment assignments (one per line) that
# make kinerjad use that allocator: nothing for glibc; for jemalloc, LD_PRELOAD of Debian's
# libjemalloc2 and, unless MALLOC_CONF is already set, the tuning measured in BENCHMARKS.md
# ("Session 4: RSS"): one arena per core, a background thread that purges freed pages after
# 1 s (instead of 10 s of dirty pages kept per arena), no lazily-purged middle state.
# Exits non-zero with a message when jemalloc is missing.
KINERJA_JEMALLOC_CONF="narenas:$(nproc 2>/dev/null || echo 2),background_thread:true,dirty_decay_ms:1000,muzzy_decay_ms:0"
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
      printf 'LD_PRELOAD=%s\n' "$lib"
      [ -n "${MALLOC_CONF:-}" ] || printf 'MALLOC_CONF=%s\n' "$KINERJA_JEMALLOC_CONF" ;;
    *) kinerja_log "unknown allocator: $1 (jemalloc or glibc)"; return 1 ;;
  esac
}

# kinerja_is_sanitized <binary>: true when the binary is built with AddressSanitizer or
# ThreadSanitizer (whose malloc must not be replaced by a preloaded one).
kinerja_is_sanitized() {
  ldd "$1" 2>/dev/null | grep -Eq 'lib(asan|tsan)' ||
    nm -an "$1" 2>/dev/null | grep -Eq '__(asan|tsan)_init'
}

# kinerja_build <build-dir> [extra cmake args...]
kinerja_build() {
  local dir="$1"; shift
  local jobs
  jobs="$(nproc 2>/dev/null || echo 2)"
  cmake -S "$KINERJA_ROOT" -B "$KINERJA_ROOT/$dir" -G Ninja "$@" >/dev/null
  cmake --build "$KINERJA_ROOT/$dir" -j "$jobs"
}
