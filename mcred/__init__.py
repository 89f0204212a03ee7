"""mcred: check and build NASSP Ed Leaders Network micro-credential portfolios."""

__version__ = "0.1.0"
