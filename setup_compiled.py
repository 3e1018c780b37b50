"""Compile xindex's hot modules with mypyc into this Python environment (see xindex/compiled.py).

    python setup_compiled.py          # make test runs it

The compiled copies go to ``xindex.compiled.folder()`` with a checksum of
each source they were built from; xindex uses them only while those match.
Without mypy or a C compiler this says why and leaves the sources in use:
everything works the same, about a tenth slower in ``xindex makeindex``.
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile

from xindex import compiled


def main() -> int:
    """Build, then swap the new compiled folder in; 0 also when compiling is not possible here."""
    try:
        from mypyc.build import mypycify
        from setuptools import setup
    except ImportError as error:
        print(f"setup_compiled: {error.name} is not installed; xindex runs from its sources")
        return 0
    target = compiled.folder()
    stamp = compiled.stamp_text()  # the sources as they are before compiling starts
    os.chdir(compiled.ROOT)  # mypyc names the modules after their paths from here
    with tempfile.TemporaryDirectory(prefix="xindex-mypyc-") as work:
        built = os.path.join(work, "lib")
        try:
            extensions = mypycify(
                [os.path.relpath(compiled.source_path(module)) for module in compiled.MODULES],
                group_name=compiled.GROUP,
                target_dir=os.path.join(work, "c"),
            )
            os.chdir(work)  # away from pyproject.toml: this build is not the xindex package's
            setup(
                name="xindex-compiled",
                ext_modules=extensions,
                script_args=["--quiet", "build_ext", "--build-lib", built, "--build-temp", os.path.join(work, "o")],
            )
        except (SystemExit, Exception) as error:  # setuptools reports a compiler failure as SystemExit
            print(f"setup_compiled: compiling failed ({error}); xindex runs from its sources")
            return 0
        with open(os.path.join(built, compiled.STAMP), "w", encoding="ascii") as file:
            file.write(stamp)
        shutil.rmtree(target, ignore_errors=True)
        os.makedirs(os.path.dirname(target), exist_ok=True)
        shutil.copytree(built, target)
    print(f"setup_compiled: {', '.join(compiled.MODULES)} compiled into {target}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
