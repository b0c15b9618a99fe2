# Thin convenience wrapper over the scripts (which are what README uses,
# because a bare Debian has no make until scripts/setup.sh installs it).
# build/ is the user's build (scripts/build.sh); scripts/test.sh builds in
# build-release/, build-asan/, build-clang/ and fuzzes in build-fuzz/.
.PHONY: all demo test build setup bench clean
all: build
setup:
	bash scripts/setup.sh --test
build:
	bash scripts/build.sh
demo:
	bash scripts/demo.sh
test:
	bash scripts/test.sh
bench:
	bash bench/run.sh
clean:
	rm -rf build build-release build-asan build-clang build-fuzz
