#!/bin/sh
# Starts redis as the official image's entrypoint does: `redis-server` is assumed when the arguments are options or
# a config file; as root it owns /data to redis and drops to that user; protected mode is off unless a config file
# sets it (the official image builds Redis with that default; Debian's is on).
set -e

case "$1" in
    -*|*.conf) set -- redis-server "$@" ;;
esac

if [ "$1" = redis-server ]; then
    if [ "$(id -u)" = 0 ]; then
        find . \! -user redis -exec chown redis '{}' + 2>/dev/null || true
        exec run-as 999:999 "$0" "$@"
    fi
    config=
    for arg in "$@"; do
        case "$arg" in *.conf) config="$arg" ;; esac
    done
    if [ -z "$config" ] || ! grep -qE '^[[:space:]]*protected-mode' "$config" 2>/dev/null; then
        set -- "$@" --protected-mode no
    fi
fi

exec "$@"
