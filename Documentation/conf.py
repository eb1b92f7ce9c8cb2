# SPDX-License-Identifier: GPL-2.0
#
# Sphinx configuration of ksecdd's documentation.  kunit/docs runs
# sphinx-build with KSECDD_KERNEL_SOURCE set to a Linux source tree, whose
# kernel-doc extension and script render the kernel-doc comments the
# ".. kernel-doc::" directives name.

import os
import re
import sys

top = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
kernel_source = os.environ.get('KSECDD_KERNEL_SOURCE')
if not kernel_source:
    sys.exit('KSECDD_KERNEL_SOURCE: the Linux source tree is not set '
             '(kunit/docs sets it)')
sys.path.insert(0, os.path.join(kernel_source, 'Documentation', 'sphinx'))


def changelog_version():
    """The version of the top entry of debian/changelog, as version.mk
    reads it: without a Debian revision."""
    with open(os.path.join(top, 'debian', 'changelog')) as f:
        m = re.match(r'ksecdd \(([^)-]*)', f.readline())
    if not m:
        sys.exit('debian/changelog: no version on its first line')
    return m.group(1)


project = 'ksecdd'
copyright = 'the ksecdd authors; GPL-2.0'
version = release = changelog_version()

extensions = ['kerneldoc']
kerneldoc_bin = os.path.join(kernel_source, 'scripts', 'kernel-doc')
kerneldoc_srctree = top
# kernel-doc's own warnings on stderr, where kunit/docs sees them
kerneldoc_verbosity = 1

# Words Sphinx's C domain would otherwise take for part of a declaration's
# type: SEC_ENTRY, Windows' calling convention (empty here), and the
# kernel's attributes.
c_id_attributes = ['SEC_ENTRY', '__user', '__must_check', '__printf']

primary_domain = 'c'
highlight_language = 'none'
master_doc = 'index'
exclude_patterns = []
html_theme = 'alabaster'
html_title = 'ksecdd %s' % release
html_show_sourcelink = False
