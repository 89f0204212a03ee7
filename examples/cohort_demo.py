"""A coach's cohort to try `mcred cohort` on: six copies of the Ensuring Accountability example in various states.

    python examples/cohort_demo.py DIR        then   mcred cohort DIR --html DIR/summary.html

Every name is invented (as in the example itself). One portfolio is ready, built and reviewed blind (the summary
names its folder, not its practitioner), one ready but not built,
one short of words, one missing evidence for two outcomes, one naming a student (a privacy finding), and one
whose mcred.yaml does not parse.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

EXAMPLE = Path(__file__).resolve().parent / "ensuring-accountability"
COHORT = {   # folder: practitioner
    "whitfield": "Angela Whitfield", "okafor-r": "Ruth Okafor", "nguyen": "Minh Nguyen", "morales": "Luis Morales",
    "brooks": "Tanya Brooks", "patel": "Sunil Patel",
}


def _copy(target: Path, name: str) -> Path:
    shutil.copytree(EXAMPLE, target, ignore=shutil.ignore_patterns("sources", "build", ".mcred"))
    manifest = target / "mcred.yaml"
    text = manifest.read_text(encoding="utf-8").replace("Angela Whitfield", name)
    if target.name != "whitfield":   # one portfolio reviewed blind, as ELN does: the summary names its folder
        text = text.replace("blind: true", "blind: false")
    manifest.write_text(text, encoding="utf-8")
    return target


def make_cohort(root: Path, *, build: bool = True) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    folders = {folder: _copy(root / folder, name) for folder, name in COHORT.items()}
    overview = folders["nguyen"] / "overview.md"   # the last two answers not written yet
    text = overview.read_text(encoding="utf-8")
    headings = [m.start() for m in re.finditer(r"^## ", text, flags=re.MULTILINE)]
    overview.write_text(text[: headings[2]] + "## 3. …\n\n## 4. …\n", encoding="utf-8")
    evidence = folders["morales"] / "evidence.yaml"   # outcome 3's evidence not mapped yet
    text = evidence.read_text(encoding="utf-8")
    evidence.write_text(re.sub(r'(?ms)^  "3(\.\d)?":\n.*?(?=^  "4)', "", text), encoding="utf-8")
    brooks = folders["brooks"]
    (brooks / "students.csv").write_text("Last Name,First Name\nHollis,Jaylen\n", encoding="utf-8")
    with (brooks / "mcred.yaml").open("a", encoding="utf-8") as manifest:
        manifest.write("privacy:\n  roster: students.csv\n")
    reflection = brooks / "reflection.md"
    reflection.write_text(reflection.read_text(encoding="utf-8") + "\nJaylen Hollis's attendance rose after the "
                          "outreach calls.\n", encoding="utf-8")
    (folders["patel"] / "mcred.yaml").write_text("credential: ensuring-accountability\npractitioner: [Sunil Patel\n",
                                                 encoding="utf-8")
    if build:
        subprocess.run([sys.executable, "-m", "mcred", "build", str(folders["whitfield"])], check=True,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return root


if __name__ == "__main__":
    if len(sys.argv) != 2 or Path(sys.argv[1]).exists():
        raise SystemExit("usage: python examples/cohort_demo.py NEW-FOLDER")
    print(make_cohort(Path(sys.argv[1])))
