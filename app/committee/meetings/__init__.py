"""The committee's treatment of a hearing's case: its meetings in named bodies, their outcomes and votes."""
