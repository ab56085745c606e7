#!/bin/sh
# As the curl image's entrypoint: arguments that start with an option are curl's; anything else is a command.
set -e
if [ "${1#-}" != "$1" ]; then
    set -- curl "$@"
fi
exec "$@"
