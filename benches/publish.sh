#!/usr/bin/env bash
# Time and bytes of `vitrine publish` for the 1,000-article bench site
# (gen_corpus.py, as benches/scale.rs uses it) to a file:// target and to
# an sftp:// target (a real sshd on 127.0.0.1 with temporary keys): a first
# publish, a publish with no change, and one after one article's body was
# edited; and to an s3:// target (s3s-fs) when it is installed. Needs a release build (`cargo build --release`), python3, and
# for SFTP Debian's openssh-server.
#   benches/publish.sh [GENERATOR]   (default /work/shared/bench/gen_corpus.py,
#                                     or $VITRINE_BENCH_GENERATOR)
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
vitrine="$repo/target/release/vitrine"
generator="${1:-${VITRINE_BENCH_GENERATOR:-/work/shared/bench/gen_corpus.py}}"
work="$(mktemp -d)"
sshd_pid=""
s3_pid=""
cleanup() {
  [ -n "$sshd_pid" ] && kill "$sshd_pid" 2>/dev/null || true
  [ -n "$s3_pid" ] && kill "$s3_pid" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

python3 "$generator" --pages 1000 --out "$work/site" --flavor vitrine >/dev/null
cp -r "$repo/themes" "$work/site/"
# A published site needs its legal notice, which the generator does not write.
cat >> "$work/site/content/site.yaml" <<'YAML'
mentions_legales:
  editeur: Établissement public territorial Grand-Orly Seine Bièvre
  directeur_publication: Michel Leprêtre
  hebergeur:
    nom: OVH SAS
    adresse: [2 rue Kellermann, 59100 Roubaix]
    telephone: +33 9 72 10 10 07
YAML
article="$(ls "$work/site/content/actualites" | head -1)"

run() { # label, url, extra args…
  local label="$1" url="$2"
  shift 2
  local start end
  start=$(date +%s.%N)
  out="$("$vitrine" publish --root "$work/site" --to "$url" "$@")"
  end=$(date +%s.%N)
  printf '%-28s %6.2f s  %s\n' "$label" "$(echo "$end - $start" | bc)" "$out"
}

bench() { # target name, url, extra args…
  local name="$1" url="$2"
  shift 2
  git -C "$work/site" checkout -q -- . 2>/dev/null || true
  run "$name: first publish" "$url" "$@"
  run "$name: no change" "$url" "$@"
  sed -i '0,/^\*\*/s//**Modifié. /' "$work/site/content/actualites/$article"
  run "$name: one article changed" "$url" "$@"
}

(cd "$work/site" && git init -q && git add -A && git -c user.name=b -c user.email=b@b commit -qm site)
bench file "file://$work/file-target"

if [ -x /usr/sbin/sshd ]; then
  keys="$work/keys"
  mkdir "$keys"
  for key in host user; do ssh-keygen -q -t ed25519 -N '' -f "$keys/$key"; done
  cp "$keys/user.pub" "$keys/authorized_keys"
  port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  cat > "$keys/sshd_config" <<CONF
Port $port
ListenAddress 127.0.0.1
HostKey $keys/host
PidFile $keys/sshd.pid
AuthorizedKeysFile $keys/authorized_keys
PasswordAuthentication no
KbdInteractiveAuthentication no
UsePAM no
StrictModes no
Subsystem sftp internal-sftp
CONF
  echo "[127.0.0.1]:$port $(cat "$keys/host.pub")" > "$keys/known_hosts"
  printf 'Host *\n  UserKnownHostsFile %s\n  IdentityFile %s\n  IdentitiesOnly yes\n  IdentityAgent none\n' \
    "$keys/known_hosts" "$keys/user" > "$keys/ssh_config"
  mkdir -p /run/sshd
  /usr/sbin/sshd -D -f "$keys/sshd_config" &
  sshd_pid=$!
  sleep 0.5
  git -C "$work/site" checkout -q -- .
  bench sftp "sftp://$(id -un)@127.0.0.1:$port$work/sftp-target" --ssh-config "$keys/ssh_config"
fi

if command -v s3s-fs >/dev/null 2>&1; then
  mkdir -p "$work/s3/site"
  port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  s3s-fs --host 127.0.0.1 --port "$port" --access-key bench --secret-key bench-secret "$work/s3" >/dev/null 2>&1 &
  s3_pid=$!
  sleep 1
  git -C "$work/site" checkout -q -- .
  export AWS_ACCESS_KEY_ID=bench AWS_SECRET_ACCESS_KEY=bench-secret
  bench s3 "s3://site/hub" --endpoint "http://127.0.0.1:$port"
fi
