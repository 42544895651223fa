#!/usr/bin/env bash
# bench-public.sh — the public availability endpoint under wrk, beside nginx serving the same
# JSON bytes as a static file on the same machine.  Not a test: run it on an idle machine,
#
#   meson compile -C build-rel bench-public
#
# (build-rel: meson setup build-rel --buildtype=release -Dsanitizers=false).  It starts
# loket-sync with the demo on a loopback port, fetches the availability of a popular product
# (Paspoort at the Stadhuis, two weeks) once, serves exactly those bytes with nginx, and runs wrk
# against each: the cached answer (the public cache on, as served), then the same query with the
# cache off (cache-seconds=0: every request computes the free times from the database).
#
# Both servers get one worker: loket-sync serves from one thread, so one nginx worker is the same
# budget of CPU; wrk runs on the other core.  The goal (issue 5): at least half of nginx's
# requests per second and a p99 latency under 20 ms, cached and uncached.
#
# Usage: bench-public.sh LOKET_SYNC [SECONDS] [CONNECTIONS]
set -euo pipefail

sync_bin=$1
seconds=${2:-10}
connections=${3:-32}
for tool in wrk nginx curl; do
  command -v "$tool" >/dev/null || { echo "bench-public: $tool is missing (bash .ci/install-deps)"; exit 1; }
done

work=$(mktemp -d /tmp/loket-bench-public.XXXXXX)
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# Starts loket-sync on the demo database with cache-seconds $1; sets sync_url.
start_sync() {
  local cache=$1 port
  port=$(free_port)
  printf '[server]\n[public]\nrequests-per-minute=0\nbookings-per-hour=0\ncache-seconds=%s\n' \
    "$cache" > "$work/sync-$cache.conf"
  "$sync_bin" --db "$work/loket.db" --demo --listen "127.0.0.1:$port" \
    --config "$work/sync-$cache.conf" > "$work/sync-$cache.out" 2> "$work/sync-$cache.err" &
  sync_pid=$!
  pids+=("$sync_pid")
  for _ in $(seq 1 100); do
    grep -q "listening on" "$work/sync-$cache.out" 2>/dev/null && break
    sleep 0.1
  done
  sync_url="http://127.0.0.1:$port"
}

# wrk's figures for url: requests/s and p99 in ms, as "RPS P99".
measure() {
  local url=$1 out
  out=$(wrk -t1 -c"$connections" -d"${seconds}s" --latency "$url")
  echo "$out" > "$work/last-wrk.txt"
  local rps p99
  rps=$(awk '/^Requests\/sec:/ {print $2}' <<< "$out")
  p99=$(awk '$1 == "99%" {print $2}' <<< "$out")
  # wrk prints 1.23ms, 456.00us or 1.02s.
  p99=$(awk -v v="$p99" 'BEGIN {
    if (v ~ /us$/) printf "%.2f", substr(v, 1, length(v) - 2) / 1000;
    else if (v ~ /ms$/) printf "%.2f", substr(v, 1, length(v) - 2);
    else if (v ~ /s$/) printf "%.2f", substr(v, 1, length(v) - 1) * 1000;
    else print v }')
  local errors
  errors=$(awk '/Non-2xx or 3xx responses:/ {print $5}' <<< "$out")
  if [ -n "$errors" ]; then echo "bench-public: $errors answers were errors:" >&2; cat "$work/last-wrk.txt" >&2; exit 1; fi
  echo "$rps $p99"
}

start_sync 30
products=$(curl -sf "$sync_url/v1/public/products")
product=$(python3 -c 'import json, sys; ps = json.load(sys.stdin)["products"]; print(next(p["id"] for p in ps if p["name"].startswith("Paspoort")))' <<< "$products")
locations=$(curl -sf "$sync_url/v1/public/locations?product=$product")
location=$(python3 -c 'import json, sys; ls = json.load(sys.stdin)["locations"]; print(next(l["id"] for l in ls if l["name"].startswith("Stadhuis")))' <<< "$locations")
path="/v1/public/availability?product=$product&location=$location&days=14"
curl -sf "$sync_url$path" -o "$work/availability.json"
bytes=$(stat -c %s "$work/availability.json")
times=$(python3 -c 'import json, sys; print(sum(len(d["times"]) for d in json.load(open(sys.argv[1]))["days"]))' "$work/availability.json")

# nginx: the same bytes as a static file, one worker, no logging, keep-alive as wrk uses it.
nginx_port=$(free_port)
mkdir -p "$work/www/v1/public" "$work/nginx"
cp "$work/availability.json" "$work/www/v1/public/availability"
cat > "$work/nginx.conf" <<EOF
worker_processes 1;
daemon off;
pid $work/nginx/nginx.pid;
error_log $work/nginx/error.log;
events { worker_connections 1024; }
http {
  access_log off;
  keepalive_requests 1000000;
  client_body_temp_path $work/nginx;
  proxy_temp_path $work/nginx;
  fastcgi_temp_path $work/nginx;
  uwsgi_temp_path $work/nginx;
  scgi_temp_path $work/nginx;
  server {
    listen 127.0.0.1:$nginx_port;
    root $work/www;
    location / { default_type application/json; etag on; }
  }
}
EOF
nginx -c "$work/nginx.conf" -p "$work/nginx" &
pids+=($!)
sleep 0.5
curl -sf "http://127.0.0.1:$nginx_port$path" -o "$work/nginx.json"
cmp -s "$work/availability.json" "$work/nginx.json" || { echo "bench-public: nginx serves other bytes"; exit 1; }

echo "bench-public: GET $path"
echo "bench-public: $bytes bytes, $times free times in 14 days; wrk 1 thread, $connections connections, ${seconds}s each; load $(cut -d' ' -f1-3 /proc/loadavg)"
read -r nginx_rps nginx_p99 < <(measure "http://127.0.0.1:$nginx_port$path")
read -r cached_rps cached_p99 < <(measure "$sync_url$path")
kill "$sync_pid"; wait "$sync_pid" 2>/dev/null || true
start_sync 0
read -r uncached_rps uncached_p99 < <(measure "$sync_url$path")

report() {
  local what=$1 rps=$2 p99=$3
  python3 - "$what" "$rps" "$p99" "$nginx_rps" <<'PY'
import sys
what, rps, p99, nginx = sys.argv[1], float(sys.argv[2]), float(sys.argv[3]), float(sys.argv[4])
ratio = rps / nginx
met = ratio >= 0.5 and p99 < 20
print(f"{what:<26} {rps:>10.0f} req/s  p99 {p99:>7.2f} ms  {ratio:>5.2f} of nginx  "
      f"goal (>= 0.50 of nginx, p99 < 20 ms): {'met' if met else 'NOT MET'}")
PY
}
printf '%-26s %10.0f req/s  p99 %7.2f ms\n' "nginx (static file)" "$nginx_rps" "$nginx_p99"
report "loket-sync, cached" "$cached_rps" "$cached_p99"
report "loket-sync, uncached" "$uncached_rps" "$uncached_p99"
