"""``./dev mutate``: mutation testing of the pure rules with mutmut.

The modules and the fast test files that cover each are listed once, in ``pyproject.toml``
under ``[tool.nachbarruf.mutate.modules]``; mutants judged equivalent (they cannot change
behaviour) under ``[tool.nachbarruf.mutate.equivalent]``, keyed by file and mutated line,
with the reason. For each module this copies the checkout (tracked and untracked files, not
ignored ones) to ``.mutation/<module>/``, tells mutmut to mutate only that module and to run
only its test files on SQLite in file order, then prints per module the mutants, killed,
equivalent and surviving ones, the share killed of the non-equivalent ones, and every
survivor as ``file:line`` with the mutation.

    ./dev mutate                       # every module
    ./dev mutate sms/keywords.py       # one
    ./dev mutate --jobs 1              # mutmut workers (default: 2)
"""

from __future__ import annotations

import argparse
import ast
import re
import shutil
import subprocess
import sys
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WORK = ROOT / ".mutation"
MUTMUT = Path(sys.executable).with_name("mutmut")
#: mutmut's verdicts that mean a test noticed the mutant.
KILLED = {"killed", "timeout", "caught by type check", "segfault"}


@dataclass
class Survivor:
    name: str
    line: int
    before: list[str]
    after: list[str]
    status: str
    equivalent: str | None = None  # the reason, when listed as equivalent

    @property
    def key(self) -> str:
        return " / ".join(self.after)


@dataclass
class Report:
    module: str
    total: int = 0
    killed: int = 0
    survivors: list[Survivor] = field(default_factory=list)

    @property
    def equivalent(self) -> int:
        return sum(1 for s in self.survivors if s.equivalent)

    @property
    def survived(self) -> int:
        return len(self.survivors) - self.equivalent

    @property
    def share(self) -> float:
        relevant = self.total - self.equivalent
        return self.killed / relevant if relevant else 1.0


def settings() -> tuple[dict[str, list[str]], dict[str, str]]:
    data = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))
    mutate = data["tool"]["nachbarruf"]["mutate"]
    return mutate["modules"], mutate.get("equivalent", {})


def toml_list(values: list[str]) -> str:
    return "[" + ", ".join(f'"{v}"' for v in values) + "]"


def prepare(module: str, tests: list[str]) -> Path:
    """A copy of the checkout in which mutmut mutates ``module`` and runs ``tests``."""
    work = WORK / module.replace("/", "_").removesuffix(".py")
    shutil.rmtree(work, ignore_errors=True)
    files = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        cwd=ROOT,
        check=True,
        capture_output=True,
    ).stdout.split(b"\0")
    for name in filter(None, (f.decode() for f in files)):
        source = ROOT / name
        if source.is_file() and not name.startswith(".mutation/"):
            target = work / name
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target)
    package = module.split("/")[0]
    others = sorted(
        p.name
        for p in work.iterdir()
        if p.name not in (package, "tests", "pyproject.toml")
        and not p.name.startswith(".")
        and (p.is_dir() or p.suffix in (".py", ".cfg"))
    )
    with (work / "pyproject.toml").open("a", encoding="utf-8") as config:
        config.write(
            "\n[tool.mutmut]\n"
            f"source_paths = {toml_list([package])}\n"
            f"only_mutate = {toml_list([module])}\n"
            f"also_copy = {toml_list(others)}\n"
            'pytest_add_cli_args = ["--db", "sqlite", "-p", "no:randomly", "-q"]\n'
            f"pytest_add_cli_args_test_selection = {toml_list(tests)}\n"
            "use_git_change_detection = false\n"
        )
    return work


def function_lines(source: str) -> dict[str, int]:
    """mutmut's mangled function names (``x_parse``, ``xǁVoiceInputǁfrom_form``) → the first
    line of the function (its first decorator)."""
    found: dict[str, int] = {}

    def visit(body: list[ast.stmt], cls: str | None) -> None:
        for node in body:
            if isinstance(node, ast.ClassDef):
                visit(node.body, node.name)
            elif isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                start = min([node.lineno] + [d.lineno for d in node.decorator_list])
                found[f"xǁ{cls}ǁ{node.name}" if cls else f"x_{node.name}"] = start

    visit(ast.parse(source).body, None)
    return found


def survivor(work: Path, module: str, name: str, status: str, starts: dict[str, int]) -> Survivor:
    diff = subprocess.run(
        [str(MUTMUT), "show", name], cwd=work, check=True, capture_output=True, text=True
    ).stdout.splitlines()
    before = [line[1:].strip() for line in diff if line.startswith("-") and line[:3] != "---"]
    after = [line[1:].strip() for line in diff if line.startswith("+") and line[:3] != "+++"]
    function = name.split(".")[-1].split("__mutmut_")[0]
    start = starts.get(function, 1)
    lines = (ROOT / module).read_text("utf-8").splitlines()
    line = next(
        (n for n in range(start, len(lines) + 1) if before and lines[n - 1].strip() == before[0]),
        start,
    )
    return Survivor(name=name, line=line, before=before, after=after, status=status)


def run_module(module: str, tests: list[str], equivalent: dict[str, str], jobs: int) -> Report:
    print(f"\n== {module}  (tests: {' '.join(tests)})", flush=True)
    work = prepare(module, tests)
    log = work / "mutmut.log"
    with log.open("w") as out:
        done = subprocess.run(
            [str(MUTMUT), "run", "--max-children", str(jobs)], cwd=work, stdout=out, stderr=out
        )
    if done.returncode != 0:
        print(log.read_text(errors="replace")[-3000:])
        raise SystemExit(f"mutmut failed on {module}; full log: {log}")
    results = subprocess.run(
        [str(MUTMUT), "results", "--all", "true"],
        cwd=work,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    starts = function_lines((ROOT / module).read_text("utf-8"))
    report = Report(module)
    for match in re.finditer(r"^\s*(\S+__mutmut_\d+): (.+)$", results, re.MULTILINE):
        name, status = match[1], match[2].strip()
        report.total += 1
        if status in KILLED:
            report.killed += 1
            continue
        found = survivor(work, module, name, status, starts)
        found.equivalent = equivalent.get(f"{module}: {found.key}")
        report.survivors.append(found)
    report.survivors.sort(key=lambda s: (s.line, s.name))
    return report


def main(argv: list[str] | None = None) -> int:
    modules, equivalent = settings()
    parser = argparse.ArgumentParser(prog="./dev mutate", description=__doc__.split("\n")[0])
    parser.add_argument("module", nargs="*", help=f"one of {', '.join(modules)} (default: all)")
    parser.add_argument("--jobs", type=int, default=2, help="mutmut workers (default: 2)")
    args = parser.parse_args(argv)
    unknown = [m for m in args.module if m not in modules]
    if unknown:
        parser.error(f"not in [tool.nachbarruf.mutate.modules]: {', '.join(unknown)}")
    reports = [run_module(m, modules[m], equivalent, args.jobs) for m in args.module or modules]

    print("\nmodule                      mutants  killed  equivalent  survived  killed of the rest")
    for r in reports:
        print(
            f"{r.module:<26}  {r.total:>7}  {r.killed:>6}  {r.equivalent:>10}  {r.survived:>8}"
            f"  {r.share:>17.0%}"
        )
    for r in reports:
        for s in r.survivors:
            mark = f"equivalent: {s.equivalent}" if s.equivalent else s.status
            print(f"\n{r.module}:{s.line}  [{mark}]  {s.name}")
            for line in s.before:
                print(f"    - {line}")
            for line in s.after:
                print(f"    + {line}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
