#!/bin/sh
# Starts nginx the way the official image's entrypoint does: when the command is nginx, first render
# /etc/nginx/templates/*.template into /etc/nginx/conf.d/ (only the environment's variables are substituted, so
# nginx's own $host etc. survive), then run the executable scripts in /docker-entrypoint.d/, then exec the command.
set -e

say() {
    [ -n "${NGINX_ENTRYPOINT_QUIET_LOGS:-}" ] || echo "$0: $*"
}

if [ "$1" = nginx ] || [ "$1" = nginx-debug ]; then
    templates="${NGINX_ENVSUBST_TEMPLATE_DIR:-/etc/nginx/templates}"
    suffix="${NGINX_ENVSUBST_TEMPLATE_SUFFIX:-.template}"
    out="${NGINX_ENVSUBST_OUTPUT_DIR:-/etc/nginx/conf.d}"
    if [ -d "$templates" ]; then
        if [ -w "$out" ]; then
            vars=$(env | sed -n 's/^\([A-Za-z_][A-Za-z0-9_]*\)=.*/${\1}/p' | tr '\n' ' ')
            for t in $(cd "$templates" && find . -type f -name "*$suffix" | sort); do
                rel="${t#./}"
                dest="$out/${rel%$suffix}"
                mkdir -p "$(dirname "$dest")"
                say "Running envsubst on $templates/$rel to $dest"
                envsubst "$vars" < "$templates/$rel" > "$dest"
            done
        else
            say "$out is not writable: templates in $templates are not rendered"
        fi
    fi
    if [ -d /docker-entrypoint.d ] && [ -n "$(ls -A /docker-entrypoint.d 2>/dev/null)" ]; then
        say "/docker-entrypoint.d/ is not empty, will attempt to perform configuration"
        for f in $(find /docker-entrypoint.d/ -follow -type f | sort); do
            case "$f" in
                *.envsh) if [ -x "$f" ]; then say "Sourcing $f"; . "$f"; else say "Ignoring $f, not executable"; fi ;;
                *.sh) if [ -x "$f" ]; then say "Launching $f"; "$f"; else say "Ignoring $f, not executable"; fi ;;
                *) say "Ignoring $f" ;;
            esac
        done
    else
        say "No files found in /docker-entrypoint.d/, skipping configuration"
    fi
    say "Configuration complete; ready for start up"
fi

exec "$@"
