#!/usr/bin/python3
"""Writes the course notebooks from the lesson sources in notebooks/lessons/ (format: notebooks/lesson.py, workflow:
notebooks/README.md). Uses Debian's python3-nbformat.

    notebooks/make_notebooks.py                  rewrite every lesson's notebooks (es/, en/), keeping the outputs of
                                                 each code cell whose code did not change; says which cells need a run
    notebooks/make_notebooks.py LESSON...        only these lesson files
    notebooks/make_notebooks.py --check          change nothing; fail if a notebook is not what its lesson makes
    notebooks/make_notebooks.py --source DIR     the teacher's source notebooks for `assign`: every cell (homework
                                                 cells too) with its nbgrader metadata, no outputs, in DIR/es, DIR/en
    notebooks/make_notebooks.py --stamp full|quick SECONDS NOTEBOOK...   (scripts/run-notebooks) how they were run
"""
import argparse
import glob
import os
import sys
import time

import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from lesson import LANGUAGES, LessonError, parse, without_markers  # noqa: E402

KERNEL = {"name": "cuaderno", "display_name": "Java (Cuaderno)", "language": "java"}
LANGUAGE_INFO = {"name": "java", "file_extension": ".jshell", "mimetype": "text/x-java-source"}


def lesson_files():
    return sorted(glob.glob(os.path.join(HERE, "lessons", "*.lesson")))


def lessons():
    return [parse(path) for path in lesson_files()]


def build(lesson, language, homework=False):
    """The notebook a lesson makes in one language, without outputs. With `homework`, the teacher's source notebook:
    homework-only cells, nbgrader's metadata and markers, cells named by their grade_id."""
    cells = []
    for cell, cell_id in zip(lesson.cells, lesson.cell_ids(names=homework)):
        if "homework" in cell.flags and not homework:
            continue
        text = cell.text(language, lesson) if homework else without_markers(cell.text(language, lesson))
        new = new_markdown_cell(text) if cell.kind == "markdown" else new_code_cell(text)
        new.id = cell_id
        if homework and cell.nbgrader():
            new.metadata["nbgrader"] = cell.nbgrader()
        cells.append(new)
    nb = new_notebook(cells=cells, metadata={
        "kernelspec": KERNEL, "language_info": dict(LANGUAGE_INFO),
        "cuaderno": {"lesson": lesson.number, "language": language,
                     "source": os.path.relpath(lesson.path, HERE)}})
    nb.nbformat_minor = 5
    return nb


def keep_outputs(fresh, old):
    """Moves the outputs of `old`'s code cells into `fresh`'s where id and code are the same; returns the ids of the
    code cells left without a run."""
    if old is not None:
        ran = {c.get("id"): c for c in old.cells if c.cell_type == "code"}
        for cell in fresh.cells:
            before = ran.get(cell.id)
            if cell.cell_type == "code" and before is not None and before.source == cell.source:
                cell.outputs = before.outputs
                cell.execution_count = before.execution_count
                if "execution" in before.metadata:
                    cell.metadata["execution"] = before.metadata["execution"]
        fresh.metadata["language_info"] = old.metadata.get("language_info", fresh.metadata["language_info"])
        if "run" in old.metadata.get("cuaderno", {}):
            fresh.metadata["cuaderno"]["run"] = old.metadata["cuaderno"]["run"]
    return [c.id for c in fresh.cells if c.cell_type == "code" and not c.execution_count]


def ran_top_to_bottom(nb):
    """Every code cell ran, in order, in one session: execution counts 1, 2, 3..."""
    counts = [c.execution_count for c in nb.cells if c.cell_type == "code"]
    return counts == list(range(1, len(counts) + 1))


def read_text(path):
    with open(path, encoding="utf-8") as f:
        return f.read()


def read(path):
    return nbformat.read(path, as_version=4) if os.path.exists(path) else None


def regenerate(lesson, language):
    """A lesson's notebook in one language as it would be written now (outputs of unchanged code kept), whether that
    differs from the file, and what still needs a run: a list of problems."""
    relative = lesson.notebooks[language]
    path = os.path.join(HERE, relative)
    old = read(path)
    fresh = build(lesson, language)
    unrun = keep_outputs(fresh, old)
    text = nbformat.writes(fresh) + "\n"
    changed = old is None or text != read_text(path)
    problems = []
    if unrun:
        lines = dict(zip(lesson.cell_ids(names=False), (cell.line for cell in lesson.cells)))
        where = ", ".join(str(lines[cell_id]) for cell_id in unrun[:8]) + (", ..." if len(unrun) > 8 else "")
        problems.append(f"{relative}: {len(unrun)} code cell(s) new or changed since the last run (the cells on "
                        f"lines {where} of {os.path.relpath(lesson.path, HERE)})")
    elif not ran_top_to_bottom(fresh):
        problems.append(f"{relative}: code cells were removed or moved since its last run")
    elif fresh.metadata["cuaderno"].get("run", {}).get("mode") != "full":
        problems.append(f"{relative}: its last run was not a full one")
    return path, text, changed, problems


def make(lesson, check=False):
    """Writes (or with `check`, only compares) a lesson's notebooks; returns the problems found, each a line."""
    problems = []
    for language in LANGUAGES:
        path, text, changed, needs_run = regenerate(lesson, language)
        relative = os.path.relpath(path, HERE)
        if check and changed:
            state = (f"is not what {os.path.relpath(lesson.path, HERE)} makes" if os.path.exists(path)
                     else "does not exist yet")
            problems.append(f"{relative} {state}: run notebooks/make_notebooks.py")
        elif changed:
            os.makedirs(os.path.dirname(path), exist_ok=True)
            with open(path, "w", encoding="utf-8") as f:
                f.write(text)
        problems += needs_run
        state = "differs" if check and changed else "rewritten" if changed else "unchanged"
        print(f"{relative}: {state}{'' if needs_run else ', with the outputs of a full run'}")
    return problems


def write_sources(lesson, directory):
    for language in LANGUAGES:
        path = os.path.join(directory, lesson.notebooks[language])
        os.makedirs(os.path.dirname(path), exist_ok=True)
        nbformat.write(build(lesson, language, homework=True), path)
        print("wrote", path)


def stamp(mode, seconds, paths):
    """Records in a notebook's metadata how it was last run top to bottom: the test of the committed notebooks
    requires a full run."""
    load = read_text("/proc/loadavg").split()[0] if os.path.exists("/proc/loadavg") else None
    for path in paths:
        nb = nbformat.read(path, as_version=4)
        nb.metadata.setdefault("cuaderno", {})["run"] = {
            "mode": mode, "seconds": int(seconds), "date": time.strftime("%Y-%m-%d %H:%M"), "load": load}
        nbformat.write(nb, path)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("lessons", nargs="*", help="lesson files (default: notebooks/lessons/*.lesson)")
    parser.add_argument("--check", action="store_true", help="change nothing, fail on any difference")
    parser.add_argument("--source", metavar="DIR", help="write the teacher's source notebooks into DIR")
    parser.add_argument("--stamp", nargs=2, metavar=("MODE", "SECONDS"), help="record a run in NOTEBOOK...")
    args = parser.parse_args(argv)
    if args.stamp:
        stamp(args.stamp[0], float(args.stamp[1]), args.lessons)
        return 0
    try:
        selected = [parse(path) for path in args.lessons] if args.lessons else lessons()
    except LessonError as e:
        print(f"make_notebooks: {e}", file=sys.stderr)
        return 1
    if args.source:
        for lesson in selected:
            write_sources(lesson, args.source)
        return 0
    problems = [p for lesson in selected for p in make(lesson, check=args.check)]
    for problem in problems:
        print(f"  needs attention: {problem}")
    if problems and not args.check:
        print("  then run them (top to bottom, outputs into the notebooks): scripts/run-notebooks NOTEBOOK...")
    return 1 if problems and args.check else 0


if __name__ == "__main__":
    sys.exit(main())
