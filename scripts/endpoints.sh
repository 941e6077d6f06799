#!/usr/bin/env bash
# Prints what the running lab offers on this host, and a first command to try.
cat <<'TXT'

onion-lab is up. Endpoints (127.0.0.1 only):
  echo-service   tcp   localhost:8081   line protocol: each line comes back uppercased
                 http  localhost:8080   /upper?text=..  /whoami  gRPC onionlab.echo.v1.Echo  /q/health  /q/metrics

Try:
  nc localhost 8081                         (type a line, get it back uppercased; Ctrl-C to leave)
  curl 'localhost:8080/upper?text=hi'
  make logs                                 (every service's log, merged and readable)
  make down                                 (stop the lab)
TXT
