"""Personal data: the privacy notice, and a citizen's access to and erasure of their own data."""
