# onion-lab: the only entry point. `make help` lists the verbs.
#
# Every service is a standalone Maven project in its own folder (name ending in -service, or
# load-generator). The loops below pick up whatever service folders exist, so adding a service
# is adding a folder and a compose entry. contracts/ (the .proto files) is built first;
# e2e/ (the end-to-end suite) runs last, against the real images under Compose.

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help

SERVICES := $(patsubst %/pom.xml,%,$(wildcard *-service/pom.xml load-generator/pom.xml))
COMPOSE  := scripts/compose.sh
# -ntp: no download progress; -B: no colours or prompts.
MVN      := ./mvnw -B -ntp

.PHONY: help prerequisites tools contracts images up down ps logs trace load cgroups isolation layers \
        drill-relay drill-directory drill-exit drill-push drills test unit e2e tour bench-echo bench-http bench-onion clean

help: ## list the verbs
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-16s %s\n", $$1, $$2}'
	@echo "  services: $(SERVICES)"

prerequisites: ## make sure a Docker engine, Compose and the JRE base image are there (installs them on Debian)
	@scripts/ensure-docker.sh
	@scripts/ensure-base-image.sh

contracts: ## install the .proto contracts into the local Maven repository
	@echo "==> contracts"
	@cd contracts && $(MVN) -q install

images: prerequisites contracts ## build every service image with Jib into the local Docker daemon (no tests)
	@for s in $(SERVICES); do scripts/build-image.sh $$s || exit 1; done
	@docker image prune -f --filter label=lab.onion.service >/dev/null
	@docker image ls --filter label=lab.onion.service --format '  {{.Repository}}:{{.Tag}}  {{.Size}}'

up: images ## build the images, start the lab and wait until every service is healthy
	@scripts/ensure-lab-keys.sh
	@$(COMPOSE) up -d --remove-orphans
	@scripts/wait-healthy.sh || { $(COMPOSE) ps; exit 1; }
	@scripts/endpoints.sh

down: ## stop the lab and remove its containers and networks (volumes are kept)
	@$(COMPOSE) down --remove-orphans

ps: ## show the lab's containers and their health
	@$(COMPOSE) ps

logs: ## follow every service's log, merged and readable
	@scripts/logs.sh

trace: ## everything every service logged about one id, in time order: make trace ID=...
	@scripts/trace.sh "$(ID)"

unit: prerequisites contracts ## every service's unit and Quarkus tests, building its image on success
	@for s in $(SERVICES); do scripts/build-image.sh $$s --tests || exit 1; done
	@docker image prune -f --filter label=lab.onion.service >/dev/null

e2e: ## the end-to-end suite: the real images under Compose, checked from outside (needs the images)
	@scripts/ensure-browser.sh
	@echo "==> e2e: the lab under Compose (Testcontainers)"
	@cd e2e && $(MVN) clean verify

tour: tools ## run the README's tour exactly as written (starts the lab with make up, ends with make down)
	@scripts/tour.sh

test: unit e2e tour ## unit and Quarkus tests of every service, the end-to-end suite, then the README's tour

tools: ## the tools the tour and the drills use: curl, jq, nc, ncat, python3, openssl, wscat
	@scripts/ensure-tools.sh

load: ## run the load generator inside the lab: make load ARGS='echo-tcp --host echo-service --duration 5s'
	@$(COMPOSE) run --rm load-generator $(ARGS)

cgroups: ## the lecture's CPU-share demo: two echo copies on CPU 0 with shares 20 and 80, saturated
	@scripts/cgroups-demo.sh

layers: ## image layers per service, and what a code change adds (a real rebuild of a copy of echo-service)
	@scripts/layers.sh

isolation: ## from inside each onion container: who reaches the backends, who has a route out
	@scripts/isolation.sh

drill-relay: ## fault drill: kill relay-2 under an open stream, start it again, time the recovery
	@scripts/drill.sh relay

drill-directory: ## fault drill: restart the directory while clients use the onion network
	@scripts/drill.sh directory

drill-exit: ## fault drill: disconnect the exit relay from the backend network, then reconnect it
	@scripts/drill.sh exit-net

drill-push: ## fault drill: restart push-service under a subscriber that resumes
	@scripts/drill.sh push

drills: drill-relay drill-directory drill-exit drill-push ## every fault drill, one after the other

bench-echo: prerequisites contracts ## the echo TCP benchmark: 64 connections x 16 lines in flight, on loopback
	@scripts/bench-echo.sh

bench-onion: contracts ## the onion benchmark: directory, three relays, proxy, echo as plain processes on loopback
	@scripts/bench-onion.sh

bench-http: contracts ## echo HTTP: wrk and the load generator's echo-http side by side, on loopback
	@scripts/bench-http.sh

clean: ## stop the lab, remove its images and every build output
	@-$(COMPOSE) down --remove-orphans --volumes 2>/dev/null
	@-docker image ls -q --filter label=lab.onion.service | sort -u | xargs -r docker image rm -f >/dev/null
	@for d in contracts $(SERVICES) e2e; do [ -d $$d/target ] && rm -rf $$d/target; done; true
