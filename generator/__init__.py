"""scopebook: a help center built from Markdown articles and a support-scope contract."""

__version__ = "0.1.0"
