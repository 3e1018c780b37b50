"""The build of the xindex package: setuptools, as pyproject.toml says, with the hot modules compiled by
mypyc when ``XINDEX_MYPYC=1``.

    XINDEX_MYPYC=1 pip install --no-deps --no-build-isolation --target build/compiled .   # make compiled

mypyc is the compiler that comes with mypy (and compiles mypy and black for their wheels): it turns the
type hints we keep strict anyway into C. The modules it compiles are listed once, in pyproject.toml
(``[tool.xindex] compiled``), and are built into one shared library so calls between them stay native.
The package built this way holds both: Python imports a compiled module before the source beside it, and
every other module is the same source. Without ``XINDEX_MYPYC`` (an ordinary ``pip install``) the build is
pure Python and needs no compiler: the same program, about a fifth slower in ``xindex makeindex``.
"""

from __future__ import annotations

import os
import tomllib

from setuptools import setup

HERE = os.path.dirname(os.path.abspath(__file__))


def compiled_modules() -> list[str]:
    """The modules mypyc compiles, from pyproject.toml."""
    with open(os.path.join(HERE, "pyproject.toml"), "rb") as file:
        modules: list[str] = tomllib.load(file)["tool"]["xindex"]["compiled"]
    return modules


def extensions() -> list[object]:
    """The compiled modules as extensions when ``XINDEX_MYPYC=1``, else none."""
    if os.environ.get("XINDEX_MYPYC") != "1":
        return []
    from mypyc.build import mypycify

    os.chdir(HERE)  # mypyc names the modules after their paths from here
    paths = [os.path.join(*module.split(".")) + ".py" for module in compiled_modules()]
    return list(mypycify(paths, group_name="xindex.core.compiled", target_dir=os.path.join("build", "mypyc")))


setup(ext_modules=extensions())
