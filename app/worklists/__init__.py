"""Mine opgaver: what waits for each staff user, on their start page and in a daily mail."""
