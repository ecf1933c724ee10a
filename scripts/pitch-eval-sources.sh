# Sourced by the pitch scripts: resolves a manifest source ("root:relative/path") to a file.
# Roots: codec2 (codec2-examples), pocketsphinx (pocketsphinx-testdata), ravdess (../shared).
pitch_source_path() {
  local root="${1%%:*}" rel="${1#*:}" repo
  repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
  case "$root" in
    codec2) echo "/usr/share/codec2/wav/$rel" ;;
    pocketsphinx) echo "/usr/share/pocketsphinx/test/data/$rel" ;;
    ravdess) echo "$repo/../shared/corpora/ravdess/$rel" ;;
    *) echo "unknown source root '$root' (use codec2, pocketsphinx or ravdess)" >&2; return 1 ;;
  esac
}

# The reference/copy file stem for a manifest line: speaker__basename-without-.wav
pitch_track_stem() { local rel="${2#*:}"; local base="${rel##*/}"; echo "${1}__${base%.wav}"; }
