# The two commands of the README, and lint. The environment logic lives in bin/komunigi-env.
.PHONY: run test lint setup

run:
	@bin/komunigi-env run

test:
	@bin/komunigi-env test

lint:
	@bin/komunigi-env lint

setup:
	@bin/komunigi-env setup
