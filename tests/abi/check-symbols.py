#!/usr/bin/env python3
"""check-symbols.py - the exported ABI is exactly what nn.h declares.

Compares three lists of names that must never drift apart:

  header   the functions nn.h declares with NN_API,
  map      the global names of the version script lib/libnn.map,
  library  the defined dynamic symbols of the built libnn.so,

and checks that every export carries the default version of the map node
that lists it (readelf shows "nn_fit@@LIBNN_1.0"), that the map hides
everything else ("local: *;"), and that the SONAME is libnn.so.<MAJOR> with
MAJOR = NN_VERSION_MAJOR of the header.

Usage: check-symbols.py --header include/nn.h --map lib/libnn.map
                        --library build/libnn.so.1.0.0
                        [--readelf readelf] [--version 1.0.0]
Exits 0 when everything agrees, 1 with a diff otherwise, 2 on usage errors.
Python 3 standard library only.
"""

import argparse
import re
import subprocess
import sys


def strip_c_comments(text):
    """Removes /* */ and // comments, keeping string literals intact."""
    pattern = re.compile(r'//[^\n]*|/\*.*?\*/|"(?:\\.|[^"\\])*"', re.S)

    def repl(match):
        s = match.group(0)
        return s if s.startswith('"') else ' '
    return pattern.sub(repl, text)


def header_functions(text):
    """Names of the functions declared with NN_API, and NN_VERSION_MAJOR."""
    text = strip_c_comments(text)
    major = None
    m = re.search(r'^\s*#\s*define\s+NN_VERSION_MAJOR\s+(\d+)', text, re.M)
    if m:
        major = int(m.group(1))
    # Drop preprocessor lines (with their continuations): the definition
    # of NN_API itself is not a declaration.
    text = re.sub(r'^[ \t]*#(?:[^\n]*\\\n)*[^\n]*', ' ', text, flags=re.M)
    names = []
    for decl in re.finditer(r'\bNN_API\b([^;{]*)', text):
        body = decl.group(1)
        # The declarator's name is the identifier before the first "(";
        # function pointers returned by NN_API functions are not used.
        fn = re.match(r'[^(]*?\b([A-Za-z_]\w*)\s*\(', body)
        if not fn:
            raise ValueError('cannot parse NN_API declaration: '
                             + ' '.join(body.split()))
        names.append(fn.group(1))
    return names, major


def map_nodes(text):
    """{node: (globals, locals)} of a GNU ld version script."""
    text = strip_c_comments(text)
    text = re.sub(r'#[^\n]*', ' ', text)
    nodes = {}
    for node in re.finditer(r'([A-Za-z_][\w.]*)\s*\{(.*?)\}\s*([\w.]*)\s*;',
                            text, re.S):
        name, body = node.group(1), node.group(2)
        scope = 'global'
        glob, loc = [], []
        for tok in re.split(r'\s*;\s*', body):
            tok = tok.strip()
            if not tok:
                continue
            m = re.match(r'(global|local)\s*:\s*(.*)', tok, re.S)
            if m:
                scope, tok = m.group(1), m.group(2).strip()
                if not tok:
                    continue
            (glob if scope == 'global' else loc).append(tok)
        nodes[name] = (glob, loc)
    return nodes


def run(cmd):
    try:
        return subprocess.run(cmd, check=True, stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE,
                              universal_newlines=True).stdout
    except (OSError, subprocess.CalledProcessError) as e:
        err = getattr(e, 'stderr', '') or str(e)
        sys.exit('check-symbols: %s failed: %s' % (' '.join(cmd), err))


def library_symbols(readelf, library, node_names):
    """{name: (version or None, default?, type)} of defined dynamic symbols,
    without the version-definition symbols (ABS, named after a map node;
    binutils 2.40 shows them as "LIBNN_1.0", older ones as
    "LIBNN_1.0@@LIBNN_1.0")."""
    out = run([readelf, '--dyn-syms', '-W', library])
    syms = {}
    row = re.compile(r'^\s*\d+:\s+[0-9a-fA-F]+\s+\S+\s+(\w+)\s+(\w+)\s+(\w+)'
                     r'\s+(\S+)\s+(\S+)')
    for line in out.splitlines():
        m = row.match(line)
        if not m:
            continue
        typ, bind, vis, ndx, full = m.groups()
        if ndx == 'UND' or bind == 'LOCAL':
            continue
        if vis not in ('DEFAULT', 'PROTECTED'):
            continue
        version, default = None, False
        if '@@' in full:
            name, version = full.split('@@', 1)
            default = True
        elif '@' in full:
            name, version = full.split('@', 1)
        else:
            name = full
        if ndx == 'ABS' and name in node_names and version in (None, name):
            continue   # the symbol that defines the version node itself
        syms[name] = (version, default, typ)
    return syms


def soname(readelf, library):
    out = run([readelf, '-d', '-W', library])
    m = re.search(r'\(SONAME\)\s+Library soname: \[([^\]]+)\]', out)
    return m.group(1) if m else None


def diff(title_a, a, title_b, b):
    lines = []
    for name in sorted(a - b):
        lines.append('    %-32s in %s, missing from %s' % (name, title_a,
                                                           title_b))
    for name in sorted(b - a):
        lines.append('    %-32s in %s, missing from %s' % (name, title_b,
                                                           title_a))
    return lines


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('--header', required=True)
    ap.add_argument('--map', required=True)
    ap.add_argument('--library', required=True)
    ap.add_argument('--readelf', default='readelf')
    ap.add_argument('--version', help='expected NN_VERSION_STRING')
    args = ap.parse_args()

    with open(args.header, encoding='utf-8') as f:
        header_text = f.read()
    with open(args.map, encoding='utf-8') as f:
        map_text = f.read()

    errors = []

    try:
        hdr_list, major = header_functions(header_text)
    except ValueError as e:
        sys.exit('check-symbols: %s: %s' % (args.header, e))
    hdr = set(hdr_list)
    dups = sorted(n for n in hdr if hdr_list.count(n) > 1)
    if dups:
        errors.append('nn.h declares these NN_API functions twice: '
                      + ', '.join(dups))
    if not hdr:
        errors.append('no NN_API declaration found in ' + args.header)

    nodes = map_nodes(map_text)
    if not nodes:
        sys.exit('check-symbols: no version node found in ' + args.map)
    node_of = {}
    for node, (glob, loc) in nodes.items():
        for name in glob:
            if any(c in name for c in '*?['):
                errors.append('map node %s exports the pattern "%s": list '
                              'names one by one' % (node, name))
            elif name in node_of:
                errors.append('%s is listed in map nodes %s and %s'
                              % (name, node_of[name], node))
            else:
                node_of[name] = node
    if not any('*' in nodes[n][1] for n in nodes):
        errors.append('no map node has "local: *;": internal symbols leak')
    mapped = set(node_of)

    syms = library_symbols(args.readelf, args.library, set(nodes))
    lib = set(syms)

    lines = diff('nn.h (NN_API)', hdr, 'libnn.map', mapped)
    if lines:
        errors.append('nn.h and libnn.map disagree:\n' + '\n'.join(lines))
    lines = diff('libnn.map', mapped, 'the library', lib)
    if lines:
        errors.append('libnn.map and the library\'s dynamic symbols '
                      'disagree:\n' + '\n'.join(lines))

    bad = []
    for name in sorted(lib):
        version, default, typ = syms[name]
        want = node_of.get(name)
        shown = name + ('@@' if default else '@') + version if version \
            else name
        if version is None or not default or (want and version != want):
            bad.append('    %-40s expected %s@@%s' % (shown, name,
                                                      want or '<node>'))
        if typ != 'FUNC':
            bad.append('    %-40s is %s, not FUNC (no data in the ABI)'
                       % (name, typ))
    if bad:
        errors.append('exports without the right default version:\n'
                      + '\n'.join(bad))

    got = soname(args.readelf, args.library)
    want = 'libnn.so.%d' % major if major is not None else None
    if major is None:
        errors.append('NN_VERSION_MAJOR not found in ' + args.header)
    elif got != want:
        errors.append('SONAME is %s, expected %s (NN_VERSION_MAJOR %d)'
                      % (got or '<none>', want, major))

    if args.version:
        m = re.search(r'#\s*define\s+NN_VERSION_STRING\s+"([^"]*)"',
                      header_text)
        if not m or m.group(1) != args.version:
            errors.append('NN_VERSION_STRING is %s, the project version is '
                          '%s' % (m.group(1) if m else '<missing>',
                                  args.version))

    if errors:
        for e in errors:
            print('FAIL: ' + e, file=sys.stderr)
        return 1
    print('OK: %d functions agree in nn.h, libnn.map and %s; all versioned '
          '(%s); SONAME %s' % (len(hdr), args.library,
                               ', '.join(sorted(nodes)), got))
    return 0


if __name__ == '__main__':
    sys.exit(main())
