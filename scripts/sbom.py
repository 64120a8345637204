"""Write a CycloneDX software bill of materials for what OpenQI ships, and print a summary.

`make sbom` runs this. The Python components come from `requirements.lock` (the runtime set, every
version pinned) through `cyclonedx-py`; the npm components from `package-lock.json` (production
packages only) are added to the same document. Nothing here needs the network, which is why CI
keeps this record instead of an advisory check (pip-audit and npm audit cannot reach their
databases from this machine: see docs/dependencies.md).

    python scripts/sbom.py [--output sbom.json]
"""

import argparse
import base64
import hashlib
import json
import subprocess  # nosec B404 # runs cyclonedx-py from the virtual environment, fixed arguments
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def python_sbom(requirements: Path) -> dict:
    tool = Path(sys.executable).with_name("cyclonedx-py")
    result = subprocess.run(  # nosec B603 # fixed arguments, no shell
        [
            str(tool),
            "requirements",
            str(requirements),
            "--pyproject",
            str(ROOT / "pyproject.toml"),
            "--of",
            "JSON",
            "--output-reproducible",
            "-o",
            "-",
        ],
        check=True,
        capture_output=True,
        text=True,
    )
    return json.loads(result.stdout)


def npm_components(lock_file: Path) -> list[dict]:
    packages = json.loads(lock_file.read_text())["packages"]
    components = []
    for path, meta in sorted(packages.items()):
        if not path or meta.get("dev") or "version" not in meta:
            continue  # the root project, and development-only packages
        name = path.rsplit("node_modules/", 1)[-1]
        component = {
            "type": "library",
            "bom-ref": f"pkg:npm/{name}@{meta['version']}",
            "name": name,
            "version": meta["version"],
            "purl": f"pkg:npm/{name}@{meta['version']}",
        }
        if meta.get("license"):
            component["licenses"] = [{"expression": meta["license"]}]
        if meta.get("integrity", "").startswith("sha512-"):
            component["hashes"] = [{"alg": "SHA-512", "content": _b64_to_hex(meta["integrity"][7:])}]
        components.append(component)
    return components


def _b64_to_hex(value: str) -> str:
    return base64.b64decode(value).hex()


def say(line: str) -> None:
    sys.stdout.write(line + "\n")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--output", default=str(ROOT / "sbom.json"))
    args = parser.parse_args()

    bom = python_sbom(ROOT / "requirements.lock")
    python = list(bom.get("components", []))
    npm = npm_components(ROOT / "package-lock.json")
    bom["components"] = python + npm
    text = json.dumps(bom, indent=2, sort_keys=True) + "\n"
    Path(args.output).write_text(text)

    unpinned = [c["name"] for c in bom["components"] if not c.get("version")]
    say(f"SBOM (CycloneDX {bom.get('specVersion')}) written to {args.output}")
    say(f"  sha256 {hashlib.sha256(text.encode()).hexdigest()}")
    say(f"  {len(python)} Python packages from requirements.lock, {len(npm)} npm packages from package-lock.json")
    for component in sorted(bom["components"], key=lambda c: c["name"].lower()):
        say(f"  {component['name']}=={component.get('version', '?')}")
    if unpinned:
        sys.stderr.write(f"Unpinned components: {', '.join(unpinned)}\n")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
