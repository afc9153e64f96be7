"""shuyu (术语): align, mine, manage and check English-Chinese terminology."""

__version__ = "0.1.0"
