"""Building the test corpus (tests/fixtures/corpus/) from the seeds: see tools/build_corpus.py."""
