"""The committee's side: members read the memo sent to them and the responses behind it, read-only."""
