"""Background jobs: long work (a memo of 50,000 comments as Word or PDF) runs in a Celery worker.

A `Job` row is the source of truth: who asked, what for, its state and progress, and the finished
file. The broker only carries "run job 17"; the worker claims the row with a lease it renews while it
works, so a job whose worker died is taken up again, and a finished job is never run a second time.
"""
