"""Forms shared by every domain."""

from flask_wtf import FlaskForm


class EmptyForm(FlaskForm):
    """A one-button POST: it carries only the CSRF token."""
