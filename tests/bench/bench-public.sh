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
# cache off (cache-seconds=0: every request runs the slot engine and writes its answer; what
# the server read from the database for the question is read again when the web generation
# moves or the database changed, and a hold counts until it expires).
#
# Both servers get the same budget of CPU: loket-sync serves the public API on a listener of its
# own with two threads ([public] listen, threads=2: those threads answer the API's GETs
# themselves, from the cache or computed from a read-only connection of their own), nginx with
# two worker processes; wrk (two threads) shares the machine with them.  Each line says the load average before its run: on a machine that is
# busy with something else the figures mean little.  A run with errors (non-2xx answers, socket
# errors) stops the benchmark.  The goal (issue 5): at least half of nginx's requests per second
# and a p99 latency under 20 ms, cached and uncached.
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
# nginx's workers drop root for nobody: they must be able to read the file.
chmod 755 "$work"
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

# Starts loket-sync on the demo database with cache-seconds $1 and its public listener; sets
# sync_url to the public listener's.
start_sync() {
  local cache=$1 port public_port
  port=$(free_port)
  public_port=$(free_port)
  printf '[server]\n[public]\nrequests-per-minute=0\nbookings-per-hour=0\ncache-seconds=%s\nlisten=127.0.0.1:%s\nthreads=2\n' \
    "$cache" "$public_port" > "$work/sync-$cache.conf"
  "$sync_bin" --db "$work/loket.db" --demo --listen "127.0.0.1:$port" \
    --config "$work/sync-$cache.conf" > "$work/sync-$cache.out" 2> "$work/sync-$cache.err" &
  sync_pid=$!
  pids+=("$sync_pid")
  for _ in $(seq 1 100); do
    grep -q "listening on" "$work/sync-$cache.out" 2>/dev/null && break
    sleep 0.1
  done
  main_url="http://127.0.0.1:$port"
  sync_url="http://127.0.0.1:$public_port"
}

# wrk's figures for url: requests/s, p99 in ms and the load average (1 min) before the run, as
# "RPS P99 LOAD".  Any error in wrk's answers (a status other than 2xx/3xx, a socket error)
# ends the benchmark: figures with errors in them are not figures.
measure() {
  local url=$1 out load rps p99 errors
  load=$(cut -d' ' -f1 /proc/loadavg)
  out=$(wrk -t2 -c"$connections" -d"${seconds}s" --latency "$url")
  echo "$out" > "$work/last-wrk.txt"
  rps=$(awk '/^Requests\/sec:/ {print $2}' <<< "$out")
  p99=$(awk '$1 == "99%" {print $2}' <<< "$out")
  # wrk prints 1.23ms, 456.00us or 1.02s.
  p99=$(awk -v v="$p99" 'BEGIN {
    if (v ~ /us$/) printf "%.2f", substr(v, 1, length(v) - 2) / 1000;
    else if (v ~ /ms$/) printf "%.2f", substr(v, 1, length(v) - 2);
    else if (v ~ /s$/) printf "%.2f", substr(v, 1, length(v) - 1) * 1000;
    else print v }')
  errors=$(awk '/Non-2xx or 3xx responses:/ {print} /Socket errors:/ {print}' <<< "$out")
  if [ -n "$errors" ] || [ -z "$rps" ]; then
    echo "bench-public: errors from $url: $errors" >&2
    cat "$work/last-wrk.txt" >&2
    return 1
  fi
  echo "$rps $p99 $load"
}

start_sync 30
products=$(curl -sf "$sync_url/v1/public/products")
product=$(python3 -c 'import json, sys; ps = json.load(sys.stdin)["products"]; print(next(p["id"] for p in ps if p["name"].startswith("Paspoort")))' <<< "$products")
locations=$(curl -sf "$sync_url/v1/public/locations?product=$product")
location=$(python3 -c 'import json, sys; ls = json.load(sys.stdin)["locations"]; print(next(l["id"] for l in ls if l["name"].startswith("Stadhuis")))' <<< "$locations")
path="/v1/public/availability?product=$product&location=$location&days=14"
curl -sf "$sync_url$path" -o "$work/availability.json"
# The public listener answers exactly what the main one does.
curl -sf "$main_url$path" -o "$work/availability-main.json"
cmp -s "$work/availability.json" "$work/availability-main.json" || { echo "bench-public: the listeners answer differently"; exit 1; }
bytes=$(stat -c %s "$work/availability.json")
times=$(python3 -c 'import json, sys; print(sum(len(d["times"]) for d in json.load(open(sys.argv[1]))["days"]))' "$work/availability.json")

# nginx: the same bytes as a static file, two workers, no logging, keep-alive as wrk uses it.
nginx_port=$(free_port)
mkdir -p "$work/www/v1/public" "$work/nginx"
cp "$work/availability.json" "$work/www/v1/public/availability"
cat > "$work/nginx.conf" <<EOF
worker_processes 2;
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
for _ in $(seq 1 50); do
  curl -sf "http://127.0.0.1:$nginx_port$path" -o "$work/nginx.json" && break
  sleep 0.1
done
cmp -s "$work/availability.json" "$work/nginx.json" || { echo "bench-public: nginx serves other bytes"; exit 1; }

echo "bench-public: GET $path"
echo "bench-public: $bytes bytes, $times free times in 14 days; wrk 2 threads, $connections connections, ${seconds}s each; $(nproc) cores; load $(cut -d' ' -f1-3 /proc/loadavg)"
measure "http://127.0.0.1:$nginx_port$path" > "$work/nginx.fig"
measure "$sync_url$path" > "$work/cached.fig"
kill "$sync_pid"; wait "$sync_pid" 2>/dev/null || true
start_sync 0
measure "$sync_url$path" > "$work/uncached.fig"
read -r nginx_rps nginx_p99 nginx_load < "$work/nginx.fig"

report() {
  local what=$1 rps p99 load
  read -r rps p99 load < "$2"
  python3 - "$what" "$rps" "$p99" "$load" "$nginx_rps" <<'PY'
import sys
what, rps, p99, load, nginx = sys.argv[1], float(sys.argv[2]), float(sys.argv[3]), sys.argv[4], float(sys.argv[5])
ratio = rps / nginx
met = ratio >= 0.5 and p99 < 20
print(f"{what:<26} {rps:>10.0f} req/s  p99 {p99:>7.2f} ms  load {load:>5}  {ratio:>5.2f} of nginx  "
      f"goal (>= 0.50 of nginx, p99 < 20 ms): {'met' if met else 'NOT MET'}")
PY
}
printf '%-26s %10.0f req/s  p99 %7.2f ms  load %5s\n' "nginx (static file)" "$nginx_rps" "$nginx_p99" "$nginx_load"
report "loket-sync, cached" "$work/cached.fig"
report "loket-sync, uncached" "$work/uncached.fig"
