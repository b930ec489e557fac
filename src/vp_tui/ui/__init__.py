"""The Textual user interface. Only this package (and ssh/) imports Textual."""
