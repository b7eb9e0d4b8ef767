#!/usr/bin/env bash
# The compiler and the linter over every workspace, side by side (two cores; each is one
# single-threaded TypeScript program): both must pass, and both report before either fails.
set -uo pipefail
cd "$(dirname "$0")/../.."
npm run -s typecheck &
typecheck=$!
npm run -s lint
lint=$?
wait "$typecheck"
typecheck=$?
[[ $typecheck -eq 0 && $lint -eq 0 ]] || { echo "static checks failed (typecheck: $typecheck, lint: $lint)" >&2; exit 1; }
