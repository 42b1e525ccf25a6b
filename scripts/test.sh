#!/bin/sh
# `npm test`: the type check and the tests at once. The tests keep both cores busy for most of the
# run, but not all of it (start-up, and the last long file on its own), and the type check fills
# those gaps instead of adding its own time before the first test. Either failing fails the run.
tsc --noEmit &
typecheck=$!
vitest run "$@"
tests=$?
wait "$typecheck"
types=$?
if [ "$types" -ne 0 ]; then echo "npm test: the type check failed (tsc --noEmit, above)" >&2; fi
if [ "$tests" -ne 0 ]; then exit "$tests"; fi
exit "$types"
