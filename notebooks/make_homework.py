#!/usr/bin/python3
"""Writes the course's homework from the lesson sources: for every lesson with nbgrader cells, in each language, the
teacher's source notebook and the students' version that `assign` makes from it (workflow: notebooks/README.md).

    homework/source/es/004_normalizacion.ipynb    the teacher's: solutions, tests, hidden tests (what `grade` takes)
    homework/release/es/004_normalizacion.ipynb   the students': stubs, visible tests, no outputs (what they get)

    notebooks/make_homework.py                rewrite both, after assign's checks in quick mode: the source passes
                                              every test, the students' version fails every one
    notebooks/make_homework.py --full         the same checks on the full MNIST (each lesson runs twice: minutes)
    notebooks/make_homework.py --no-check     rewrite without running anything
    notebooks/make_homework.py --check        change nothing; fail if a file is not what its lesson makes
    notebooks/make_homework.py LESSON...      only these lesson files

Needs target/cuaderno.jar (mvn -B -q -DskipTests package); the checks also need what scripts/setup installs (the
kernel, bubblewrap). Uses Debian's python3-nbformat.
"""
import argparse
import os
import shutil
import subprocess
import sys
import tempfile

import nbformat

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from lesson import LANGUAGES, LessonError, parse  # noqa: E402
from make_notebooks import build, lesson_files  # noqa: E402

HOMEWORK = os.path.join(HERE, "homework")
JAR = os.path.join(os.path.dirname(HERE), "target", "cuaderno.jar")
# a full run trains for minutes in one cell (001: 70 epochs); grade's default memory is enough
FULL_LIMITS = ["--cell-timeout", "1200", "--timeout", "7200"]


def has_homework(lesson):
    return any(cell.nbgrader() for cell in lesson.cells)


def homework_lessons():
    return [lesson for lesson in map(parse, lesson_files()) if has_homework(lesson)]


def source_path(lesson, language, root=HOMEWORK):
    return os.path.join(root, "source", lesson.notebooks[language])


def release_path(lesson, language, root=HOMEWORK):
    return os.path.join(root, "release", lesson.notebooks[language])


def write_source(lesson, language, root):
    path = source_path(lesson, language, root)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8") as f:
        f.write(nbformat.writes(build(lesson, language, homework=True)) + "\n")
    return path


def assign(source, release_dir, check, full):
    """Runs `java -jar cuaderno.jar assign`, its output passed through; True when it wrote the students' version."""
    if not os.path.exists(JAR):
        sys.exit(f"make_homework: no {os.path.relpath(JAR)}: build it first (mvn -B -q -DskipTests package)")
    env = dict(os.environ)
    env.pop("CUADERNO_QUICK", None)
    if not full:
        env["CUADERNO_QUICK"] = "1"
    command = [shutil.which("java") or "java", "-jar", JAR, "assign", source, "-o", release_dir]
    command += (FULL_LIMITS if full else []) if check else ["--no-check"]
    done = subprocess.run(command, env=env, capture_output=True, text=True)
    for line in (done.stdout + done.stderr).splitlines():
        if line.strip() and not line.startswith("Wrote "):
            print("  " + line)
    return done.returncode == 0


def make(lessons, root, check=True, full=False):
    """Writes every homework lesson's two notebooks per language under `root`; returns the paths written, or None
    when an assign failed."""
    written = []
    for lesson in lessons:
        for language in LANGUAGES:
            source = write_source(lesson, language, root)
            release = release_path(lesson, language, root)
            print(f"{os.path.relpath(source, root)} -> {os.path.relpath(release, root)}")
            if not assign(source, os.path.dirname(release), check, full):
                return None
            written += [source, release]
    return written


def compare(lessons, everything, check=False):
    """What differs between the committed homework and what the lessons make now (with `check`, after assign's
    checks in quick mode): a list of problems. `everything`: also files that no lesson makes."""
    with tempfile.TemporaryDirectory(prefix="cuaderno-homework-") as fresh:
        made = make(lessons, fresh, check=check)
        if made is None:
            return ["assign did not make a students' version (above)"]
        problems = []
        for path in made:
            committed = os.path.join(HOMEWORK, os.path.relpath(path, fresh))
            relative = os.path.relpath(committed, HERE)
            if not os.path.exists(committed):
                problems.append(f"{relative} does not exist yet: run notebooks/make_homework.py")
            elif read(committed) != read(path):
                problems.append(f"{relative} is not what its lesson makes: run notebooks/make_homework.py")
        if everything:
            expected = {os.path.join(HOMEWORK, os.path.relpath(path, fresh)) for path in made}
            for folder, _, files in os.walk(HOMEWORK):
                for name in files:
                    path = os.path.join(folder, name)
                    if path not in expected:
                        problems.append(f"{os.path.relpath(path, HERE)} is made by no lesson: remove it")
    return problems


def read(path):
    with open(path, encoding="utf-8") as f:
        return f.read()


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("lessons", nargs="*", help="lesson files (default: notebooks/lessons/*.lesson)")
    parser.add_argument("--check", action="store_true", help="change nothing, fail on any difference")
    parser.add_argument("--full", action="store_true", help="assign's checks on the full MNIST, not quick mode")
    parser.add_argument("--no-check", action="store_true", help="write without running the notebooks")
    args = parser.parse_args(argv)
    try:
        lessons = [parse(path) for path in args.lessons or lesson_files()]
    except LessonError as e:
        print(f"make_homework: {e}", file=sys.stderr)
        return 1
    without = [lesson for lesson in lessons if not has_homework(lesson)]
    lessons = [lesson for lesson in lessons if has_homework(lesson)]
    for lesson in without:
        print(f"{os.path.relpath(lesson.path, HERE)}: no homework cells (no nbgrader flags), no assignment")
    if args.check:
        problems = compare(lessons, everything=not args.lessons)
        for problem in problems:
            print(f"  needs attention: {problem}")
        if not problems:
            print(f"homework of {len(lessons)} lesson(s) is what the lessons make")
        return 1 if problems else 0
    if make(lessons, HOMEWORK, check=not args.no_check, full=args.full) is None:
        print("make_homework: stopped; the files before that assign are written", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
