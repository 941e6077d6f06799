#!/usr/bin/env bash
# Prints what the running lab offers on this host, and a first command to try.
token=${PUSH_PUBLISH_TOKEN:-onion-lab-demo-token}
cat <<TXT

onion-lab is up. Endpoints (127.0.0.1 only):
  echo-service       tcp   localhost:8081   line protocol: each line comes back uppercased
                     http  localhost:8080   /upper?text=..  /whoami  gRPC onionlab.echo.v1.Echo
  directory-service  http  localhost:7000   /consensus (signed)  /keys  gRPC onionlab.directory.v1.Directory
  onion-proxy        socks localhost:9050   SOCKS5 into the onion network (relay-1 -> relay-2 -> relay-3)
                     http  localhost:9080   /status  POST /new-identity
  push-service       http  localhost:8090   /  (the four modes side by side in a browser)  /topics/{topic}/...
  every service:     /q/health/ready  /q/metrics

Try:
  nc localhost 8081                         (type a line, get it back uppercased; Ctrl-C to leave)
  curl 'localhost:8080/upper?text=hi'
  curl -s localhost:7000/consensus
  curl --socks5-hostname 127.0.0.1:9050 http://echo-service:8080/whoami
  curl -N localhost:8090/topics/demo/sse    (and in another terminal:)
  curl -H 'Authorization: Bearer $token' -d hello localhost:8090/topics/demo
  make logs                                 (every service's log, merged and readable)
  make down                                 (stop the lab)
TXT
