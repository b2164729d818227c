"""Models of information."""
