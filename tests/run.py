"""Runs the Python test suites (conformance, hostile cells, notebooks) and writes 'passed failed skipped'."""
import argparse
import os
import sys
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--results", help="file that gets 'passed failed skipped'")
    parser.add_argument("pattern", nargs="?", default="test_*.py")
    args = parser.parse_args()
    sys.path.insert(0, HERE)
    suite = unittest.defaultTestLoader.discover(HERE, pattern=args.pattern)
    result = unittest.TextTestRunner(verbosity=2).run(suite)
    failed = len(result.failures) + len(result.errors)
    skipped = len(result.skipped)
    passed = result.testsRun - failed - skipped
    if args.results:
        with open(args.results, "w") as out:
            out.write(f"{passed} {failed} {skipped}\n")
    return 0 if result.wasSuccessful() else 1


if __name__ == "__main__":
    sys.exit(main())
