#!/bin/sh
# Builds libjesture_uinput.so. Maven runs this (profile "native", active when /usr/bin/cc exists);
# by hand: native/build.sh [output-dir]. The copy under target/classes/linux-x86-64/ is where JNA
# finds the library on the class path (and so inside the jar).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
out=${1:-"$here/../target"}
mkdir -p "$out/native" "$out/classes/linux-x86-64"
${CC:-cc} -std=c11 -O2 -fPIC -shared -Wall -Wextra -Werror \
    -o "$out/native/libjesture_uinput.so" "$here/uinput/jesture_uinput.c"
cp "$out/native/libjesture_uinput.so" "$out/classes/linux-x86-64/libjesture_uinput.so"
echo "built $out/native/libjesture_uinput.so"
