"""The open-data API: read-only JSON for hearings whose memo is published."""
