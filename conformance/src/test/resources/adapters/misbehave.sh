#!/bin/sh
# A child for the process adapter's tests: it answers every request like a system under test
# that observes no variables ("state": {}), until request number $2, where it misbehaves as $1
# says: exit, garbage, hang, error or extra (a second, unasked line).
mode=$1
fail_at=$2
n=0
while IFS= read -r line; do
  n=$((n + 1))
  if [ "$n" -eq "$fail_at" ]; then
    echo "misbehave: request $n, now: $mode" >&2
    case "$mode" in
      exit) exit 3 ;;
      garbage) echo 'this is not json' ;;
      hang) exec sleep 60 ;;
      error) echo '{"ok":false,"error":"VF 3: descriptor ring corrupt"}' ;;
      extra) echo '{"ok":true,"applied":true}'; echo '{"ok":true,"applied":true}' ;;
    esac
    continue
  fi
  case "$line" in
    *'"op":"reset"'*) echo '{"ok":true}' ;;
    *'"op":"observe"'*) echo '{"ok":true,"state":{}}' ;;
    *) echo '{"ok":true,"applied":true}' ;;
  esac
done
echo "misbehave: stdin closed after $n requests" >&2
