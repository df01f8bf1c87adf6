"""After a postponement: a revised draft before the committee, and a second hearing round (genhøring)."""
