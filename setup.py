"""Ships the top-level `ledger/` (example ledger) and `templates/` inside the package.

The repository keeps them at the top level, where people read and edit them; a built wheel
carries copies under `reformctl/data/` so that an installed `reformctl` finds them.
"""

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

ROOT = Path(__file__).resolve().parent
SHIPPED = {"ledger": "example-ledger", "templates": "templates"}


class BuildWithData(build_py):
    def run(self) -> None:
        super().run()
        for source, name in SHIPPED.items():
            target = Path(self.build_lib) / "reformctl" / "data" / name
            if target.exists():
                shutil.rmtree(target)
            if (ROOT / source).is_dir():
                shutil.copytree(ROOT / source, target)


setup(cmdclass={"build_py": BuildWithData})
