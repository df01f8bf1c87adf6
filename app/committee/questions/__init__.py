"""Members\x27 written questions on a postponed case, the administration\x27s answers, their approval."""
