# Thin convenience wrapper over the scripts (which are what README uses,
# because a bare Debian has no make until scripts/setup.sh installs it).
.PHONY: all demo test build sanitize bench clean
all: build
build:
	bash scripts/build.sh
demo:
	bash scripts/demo.sh
test:
	bash scripts/test.sh
sanitize:
	bash scripts/build.sh --sanitize
bench:
	bash bench/run.sh
clean:
	rm -rf build build-asan
