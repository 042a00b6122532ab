#!/bin/sh
# Build bench/esp_bench against a configured and built cygnet tree.
#
#   bench/build.sh [BUILD_DIR]      (default: the current directory)
#
# The program lands in BUILD_DIR/bench/esp_bench (a libtool wrapper that
# finds the uninstalled libcygnet); run it from anywhere.
set -e
src=$(cd "$(dirname "$0")/.." && pwd)
build=$(cd "${1:-.}" && pwd)
esp="$build/src/libcharon/plugins/kernel_libesp"

if [ ! -f "$esp/libesp_core.la" ]; then
	echo "build $esp/libesp_core.la first (make in $build)" >&2
	exit 1
fi
mkdir -p "$build/bench"
CFLAGS=${CFLAGS:--O2 -g}
"$build/libtool" --quiet --mode=link --tag=CC ${CC:-gcc} $CFLAGS -pthread \
	-Wall -Wextra -Werror -Wno-unused-parameter \
	-Wno-missing-field-initializers -Wformat=2 -Wshadow=local \
	-Wstrict-prototypes \
	-I"$src/src/libcygnet" -I"$src/src/libcharon/plugins/kernel_libesp" \
	-o "$build/bench/esp_bench" "$src/bench/esp_bench.c" \
	"$esp/libesp_core.la" "$build/src/libcygnet/libcygnet.la" \
	$(pkg-config --libs libcrypto)
echo "built $build/bench/esp_bench"
