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

.PHONY: help prerequisites contracts images up down ps logs trace load cgroups test unit e2e bench-echo bench-http clean

help: ## list the verbs
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-12s %s\n", $$1, $$2}'
	@echo "  services: $(SERVICES)"

prerequisites: ## make sure a Docker engine, Compose and the JRE base image are there (installs them on Debian)
	@scripts/ensure-docker.sh
	@scripts/ensure-base-image.sh

contracts: ## install the .proto contracts into the local Maven repository
	@echo "==> contracts"
	@cd contracts && $(MVN) -q install

images: prerequisites contracts ## build every service image with Jib into the local Docker daemon (no tests)
	@for s in $(SERVICES); do \
	  echo "==> $$s: package and image"; \
	  (cd $$s && $(MVN) -q clean package -DskipTests jib:dockerBuild) || exit 1; \
	done
	@docker image prune -f --filter label=lab.onion.service >/dev/null
	@docker image ls --filter label=lab.onion.service --format '  {{.Repository}}:{{.Tag}}  {{.Size}}'

up: images ## build the images, start the lab and wait until every service is healthy
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
	@for s in $(SERVICES); do \
	  echo "==> $$s: tests and image"; \
	  (cd $$s && $(MVN) clean package jib:dockerBuild) || exit 1; \
	done
	@docker image prune -f --filter label=lab.onion.service >/dev/null

e2e: ## the end-to-end suite: the real images under Compose, checked from outside (needs the images)
	@scripts/ensure-browser.sh
	@echo "==> e2e: the lab under Compose (Testcontainers)"
	@cd e2e && $(MVN) clean verify

test: unit e2e ## unit and Quarkus tests of every service, then the end-to-end suite

load: ## run the load generator inside the lab: make load ARGS='echo-tcp --host echo-service --duration 5s'
	@$(COMPOSE) run --rm load-generator $(ARGS)

cgroups: ## the lecture's CPU-share demo: two echo copies on CPU 0 with shares 20 and 80, saturated
	@scripts/cgroups-demo.sh

bench-echo: prerequisites contracts ## the echo TCP benchmark: 64 connections x 16 lines in flight, on loopback
	@scripts/bench-echo.sh

bench-http: contracts ## echo HTTP: wrk and the load generator's echo-http side by side, on loopback
	@scripts/bench-http.sh

clean: ## stop the lab, remove its images and every build output
	@-$(COMPOSE) down --remove-orphans --volumes 2>/dev/null
	@-docker image ls -q --filter label=lab.onion.service | sort -u | xargs -r docker image rm -f >/dev/null
	@for d in contracts $(SERVICES) e2e; do [ -d $$d/target ] && rm -rf $$d/target; done; true
