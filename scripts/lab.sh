# Sourced by the scripts that work on the running lab's containers.
# COMPOSE_PROJECT_NAME picks another lab than the one of `make up`.
project=${COMPOSE_PROJECT_NAME:-onion-lab}

# The container of a compose service in this project (running or not); fails with a hint when there is none.
container() {
  local id
  id=$(docker ps -aq --filter "label=com.docker.compose.project=$project" --filter "label=com.docker.compose.service=$1" | head -1)
  [ -n "$id" ] || { echo "no container for service $1 in compose project $project: is the lab up (make up)?" >&2; return 2; }
  echo "$id"
}
