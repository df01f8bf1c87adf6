"""Print the corpus scores (tests/corpus/scoring.py) after the run, where pytest prints its summary."""

from tests.corpus import scoring


def pytest_terminal_summary(terminalreporter):
    if scoring.REPORT:
        terminalreporter.write_sep("-", "corpus scores (tests/fixtures/corpus/, today's readers)")
        for line in scoring.REPORT:
            terminalreporter.write_line(line)
