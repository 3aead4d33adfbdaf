#!/usr/bin/env python3
"""check-pkg-config.py - libnn is usable through its uninstalled .pc file.

Points PKG_CONFIG_PATH at <builddir>/meson-uninstalled (where Meson writes
nn-uninstalled.pc), then compiles and links origin.c with nothing but the
flags `pkg-config --cflags --libs nn-uninstalled` prints (plus the strict
warning flags), and runs it with LD_LIBRARY_PATH set to the .pc's -L directories.

Usage: check-pkg-config.py --builddir BUILD --source origin.c
                           [--pkg-config pkg-config] [--] CC [CC args...]
Exits 0 on success, 1 on failure, 77 (skip) without pkg-config.
Python 3 standard library only.
"""

import argparse
import os
import shlex
import shutil
import subprocess
import sys
import tempfile


def run(cmd, env, what):
    print('$ ' + ' '.join(shlex.quote(c) for c in cmd), flush=True)
    p = subprocess.run(cmd, env=env, stdout=subprocess.PIPE,
                       stderr=subprocess.STDOUT, universal_newlines=True)
    sys.stdout.write(p.stdout)
    if p.returncode != 0:
        print('FAIL: %s exited with %d' % (what, p.returncode),
              file=sys.stderr)
        sys.exit(1)
    return p.stdout


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('--builddir', required=True)
    ap.add_argument('--source', required=True)
    ap.add_argument('--pkg-config', default='pkg-config')
    ap.add_argument('cc', nargs='+', help='the C compiler command')
    args = ap.parse_args()

    pkg_config = shutil.which(args.pkg_config)
    if pkg_config is None:
        print('SKIP: %s not found' % args.pkg_config)
        return 77
    pcdir = os.path.join(os.path.abspath(args.builddir), 'meson-uninstalled')
    if not os.path.isfile(os.path.join(pcdir, 'nn-uninstalled.pc')):
        print('FAIL: %s/nn-uninstalled.pc does not exist' % pcdir,
              file=sys.stderr)
        return 1

    env = dict(os.environ)
    # Only the build tree's .pc files and the system's: nothing from an
    # installed libnn may leak in.
    env['PKG_CONFIG_PATH'] = pcdir
    env.pop('PKG_CONFIG_LIBDIR', None)
    env.pop('PKG_CONFIG_SYSROOT_DIR', None)
    for var in ('CPATH', 'C_INCLUDE_PATH', 'LIBRARY_PATH'):
        env.pop(var, None)

    flags = run([pkg_config, '--cflags', '--libs', 'nn-uninstalled'], env,
                'pkg-config')
    # The uninstalled .pc's libdir variable names the install location;
    # the build tree is in its -L flags.
    libdirs = [f[2:] for f in shlex.split(
        run([pkg_config, '--libs-only-L', 'nn-uninstalled'], env,
            'pkg-config --libs-only-L')) if f.startswith('-L')]

    with tempfile.TemporaryDirectory(prefix='nn-pkg-config-') as tmp:
        exe = os.path.join(tmp, 'origin')
        run(args.cc + ['-std=c99', '-Wall', '-Wextra', '-Wpedantic',
                       '-Werror', '-o', exe, os.path.abspath(args.source)]
            + shlex.split(flags), env, 'compiling and linking')
        old = env.get('LD_LIBRARY_PATH')
        env['LD_LIBRARY_PATH'] = ':'.join(libdirs + ([old] if old else []))
        run([exe], env, 'origin')
    print('OK: built and ran the origin-story network through '
          'nn-uninstalled.pc')
    return 0


if __name__ == '__main__':
    sys.exit(main())
